// The walk through the environment when -c is not given (DESIGN.md "The
// license environment", seed 002, seed 001):
//   1. <ISV>_LICENSE (uppercase wins over lowercase), only when the ISV is known
//   2. RLM_LICENSE
//   3. <VENDOR>_LICENSE_FILE and <VENDOR>_LM_LICENSE_FILE: with --isv that
//      vendor's; without, every such variable, sorted by name (no vendor is
//      known, and an administrator's `licutil env` should show them all)
//   4. LM_LICENSE_FILE
//   5. what FlexLM itself adds: $HOME/.flexlmrc entries (Unix), then
//   6. its default license file, when it exists
//   7. *.lic in the current directory, 8. *.lic beside the binary.
// RLM stops at the first variable that is set; licutil lists every source it
// can reach, in that order, because administrators ask "what would be read?".
import { atComponents, atProblem, classifyElement, licFilesIn, pathModule, type ElementContext } from './element.js';
import { splitLicenseSpec } from './split.js';
import { FLEXLM_DEFAULT_PORTS, ORIGIN, RLM_DEFAULT_PORTS, type LicenseSource, type ResolveInput, type SourceStyle } from './types.js';
import { EnvReader, casedNames, type FoundVariable } from './variables.js';

interface Walked {
  sources: LicenseSource[];
  setAside: LicenseSource[];
  notes: string[];
  /** every variable, file and directory consulted, in order */
  searched: string[];
}

const LM_LICENSE_FILE = 'LM_LICENSE_FILE';
const VENDOR_FILE = /^(.+)_LICENSE_FILE$/;
const ISV_VAR = /^(.+)_LICENSE$/;

function flexlmDefaultFile(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'C:\\flexlm\\license.dat' : '/usr/local/flexlm/licenses/license.dat';
}

export function defaultPortsFor(style: SourceStyle): number[] {
  return [...(style === 'rlm' ? RLM_DEFAULT_PORTS : FLEXLM_DEFAULT_PORTS)];
}

/** Split one value and classify each element. */
export function sourcesOfValue(
  value: string,
  base: Omit<ElementContext, 'defaultPorts'> & { defaultPorts?: readonly number[] },
): LicenseSource[] {
  const ctx: ElementContext = { ...base, defaultPorts: base.defaultPorts ?? defaultPortsFor(base.style) };
  return splitLicenseSpec(value, base.platform).map((e) => classifyElement(e, ctx));
}

interface RcEntry {
  name: string;
  value: string;
}

/** `NAME=value` lines of $HOME/.flexlmrc; the first of a repeated name counts. */
function parseFlexlmrc(text: string, file: string, notes: string[]): RcEntry[] {
  const out: RcEntry[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      notes.push(`${file}:${i + 1}: not a NAME=value line; ignored`);
      return;
    }
    const name = line.slice(0, eq).trim();
    if (seen.has(name)) {
      notes.push(`${file}:${i + 1}: ${name} repeated; the first one counts`);
      return;
    }
    seen.add(name);
    out.push({ name, value: line.slice(eq + 1) });
  });
  return out;
}

class Walker {
  readonly out: Walked = { sources: [], setAside: [], notes: [], searched: [] };
  private readonly env: EnvReader;

  constructor(private readonly input: ResolveInput) {
    this.env = new EnvReader(input.env, input.platform);
  }

  private values(value: string, origin: string, style: SourceStyle, entry?: string): LicenseSource[] {
    return sourcesOfValue(value, { origin, entry, style, cwd: this.input.cwd, platform: this.input.platform, fs: this.input.fs });
  }

  private use(v: FoundVariable, style: SourceStyle): void {
    this.out.sources.push(...this.values(v.value, v.name, style));
  }

  private blank(vars: FoundVariable[]): void {
    for (const b of vars) this.out.notes.push(`${b.name} is set but empty; ignored`);
  }

  /** The uppercase-wins rule: the first set name is used, the others are set aside. */
  private cased(stem: string, suffix: string, style: SourceStyle): string[] {
    const names = casedNames(stem, suffix);
    this.out.searched.push(names[0] ?? `${stem}${suffix}`);
    const { winner, beaten, blank } = this.env.pick(names);
    this.blank(blank);
    if (!winner) return names;
    this.use(winner, style);
    for (const b of beaten) {
      this.out.setAside.push(...this.values(b.value, b.name, style));
      this.out.notes.push(`${b.name} is also set; ${winner.name} is used instead (uppercase wins over lowercase)`);
    }
    return names;
  }

  private single(name: string, style: SourceStyle): void {
    this.out.searched.push(name);
    const { winner, blank } = this.env.pick([name]);
    this.blank(blank);
    if (winner) this.use(winner, style);
  }

  private isLm(name: string): boolean {
    return this.input.platform === 'win32' ? name.toUpperCase() === LM_LICENSE_FILE : name === LM_LICENSE_FILE;
  }

  private isvVariables(): void {
    const { isv } = this.input;
    const used = isv ? this.cased(isv, '_LICENSE', 'rlm') : [];
    const upper = new Set(used.map((n) => n.toUpperCase()));
    for (const v of this.env.matching(ISV_VAR)) {
      if (v.name.toUpperCase() === 'RLM_LICENSE' || (this.input.platform === 'win32' ? upper.has(v.name.toUpperCase()) : used.includes(v.name))) continue;
      const stem = v.name.slice(0, -'_LICENSE'.length);
      this.out.notes.push(
        isv
          ? `${v.name} is set but not used: the ISV is ${isv}, so only ${used[0]} is read`
          : `${v.name} is set but not used: <ISV>_LICENSE is read only when the ISV is known (add --isv ${stem.toLowerCase()})`,
      );
    }
  }

  private vendorVariables(): void {
    const { isv } = this.input;
    if (isv) {
      const names = [...this.cased(isv, '_LICENSE_FILE', 'flexlm'), ...this.cased(isv, '_LM_LICENSE_FILE', 'flexlm')];
      const upper = new Set(names.map((n) => n.toUpperCase()));
      for (const v of this.env.matching(VENDOR_FILE)) {
        if (this.isLm(v.name) || (this.input.platform === 'win32' ? upper.has(v.name.toUpperCase()) : names.includes(v.name))) continue;
        this.out.notes.push(`${v.name} is set but not used: the vendor is ${isv}, so only ${names[0]} and ${isv.toUpperCase()}_LM_LICENSE_FILE are read`);
      }
      return;
    }
    this.out.searched.push('<VENDOR>_LICENSE_FILE');
    const vars = this.env.matching(VENDOR_FILE).filter((v) => !this.isLm(v.name));
    this.blank(vars.filter((v) => v.value.trim() === ''));
    for (const v of vars) if (v.value.trim() !== '') this.use(v, 'flexlm');
  }

  private flexlmrc(): void {
    const { input } = this;
    if (input.platform === 'win32') return; // FlexLM keeps these in the registry there, which licutil does not read
    const home = input.home ?? this.env.get('HOME')?.value;
    if (!home) return;
    const rc = pathModule(input.platform).join(home, '.flexlmrc');
    this.out.searched.push(rc);
    if (input.fs.kind(rc) !== 'file') return;
    let text: string;
    try {
      text = input.fs.read(rc);
    } catch (e) {
      this.out.notes.push(`cannot read ${rc}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const wanted = (name: string): boolean =>
      input.isv
        ? [...casedNames(input.isv, '_LICENSE_FILE'), ...casedNames(input.isv, '_LM_LICENSE_FILE')].includes(name)
        : VENDOR_FILE.test(name) && name !== LM_LICENSE_FILE;
    const entries = parseFlexlmrc(text, rc, this.out.notes);
    const vendors = entries.filter((e) => wanted(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const lm = entries.filter((e) => e.name === LM_LICENSE_FILE);
    for (const e of [...vendors, ...lm]) this.out.sources.push(...this.values(e.value, ORIGIN.flexlmrc, 'flexlm', e.name));
  }

  private flexlmDefault(): void {
    const file = flexlmDefaultFile(this.input.platform);
    this.out.searched.push(file);
    if (this.input.fs.kind(file) === 'file') this.out.sources.push(...this.values(file, ORIGIN.flexlmDefault, 'flexlm'));
  }

  /** `*.lic` in a directory; nothing when there are none. */
  private licDirectory(dir: string, origin: string): void {
    const { platform, fs } = this.input;
    this.out.searched.push(`${origin} ${pathModule(platform).join(dir, '*.lic')}`);
    if (fs.kind(dir) !== 'directory') return;
    const problems: string[] = [];
    const files = licFilesIn(dir, { platform, fs }, problems);
    if (files.length === 0 && problems.length === 0) return;
    const s: LicenseSource = { kind: 'directory', origin, spec: dir, path: dir, files, style: 'rlm', problems };
    const bad = atComponents(dir, platform);
    if (bad.length > 0) {
      s.files = [];
      problems.push(atProblem(dir, dir, bad, platform));
    }
    this.out.sources.push(s);
  }

  walk(): Walked {
    this.isvVariables();
    this.single('RLM_LICENSE', 'rlm');
    this.vendorVariables();
    this.single(LM_LICENSE_FILE, 'flexlm');
    this.flexlmrc();
    this.flexlmDefault();
    this.licDirectory(this.input.cwd, ORIGIN.cwd);
    this.licDirectory(this.input.binDir, ORIGIN.binDir);
    return this.out;
  }
}

export function walkEnvironment(input: ResolveInput): Walked {
  return new Walker(input).walk();
}

/**
 * Where a source stands in the documented order (lower first). -c sources are
 * alone, so they rank first; the property tests check every resolution against it.
 */
export function precedenceOf(source: Pick<LicenseSource, 'origin'>): number {
  const o = source.origin;
  if (o === ORIGIN.flag) return 0;
  if (o === ORIGIN.flexlmrc) return 5;
  if (o === ORIGIN.flexlmDefault) return 6;
  if (o === ORIGIN.cwd) return 7;
  if (o === ORIGIN.binDir) return 8;
  const u = o.toUpperCase();
  if (u === LM_LICENSE_FILE) return 4;
  if (VENDOR_FILE.test(u)) return 3;
  if (u === 'RLM_LICENSE') return 2;
  return 1;
}
