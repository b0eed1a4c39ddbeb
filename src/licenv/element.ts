// What one element of a license environment names: a server (`port@host`,
// `@host`, a redundant `p@h1,p@h2,p@h3` list), a license file, a directory of
// `*.lic` files, or the literal text of a license in `<...>`. Problems found
// here (a missing file, '@' in a path) stay on the source: never fatal.
import path from 'node:path';
import type { FsView, LicenseSource, ServerAddress, SourceStyle } from './types.js';

export interface ElementContext {
  origin: string;
  entry?: string | undefined;
  style: SourceStyle;
  /** ports an `@host` element tries */
  defaultPorts: readonly number[];
  cwd: string;
  platform: NodeJS.Platform;
  fs: FsView;
}

// Host names, IPv4 addresses; no separators, no path characters, no second '@'.
const SERVER = /^(\d*)@([^\s@/\\,<>;:"]+)$/;

export function pathModule(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function base(spec: string, ctx: ElementContext, kind: LicenseSource['kind']): LicenseSource {
  const s: LicenseSource = { kind, origin: ctx.origin, spec, style: ctx.style, problems: [] };
  if (ctx.entry !== undefined) s.entry = ctx.entry;
  return s;
}

function parseServer(part: string, ctx: ElementContext, problems: string[]): ServerAddress | null {
  const m = SERVER.exec(part);
  if (!m) return null;
  const [, portText = '', host = ''] = m;
  if (portText === '') return { host, port: null, defaultPorts: [...ctx.defaultPorts] };
  const port = Number(portText);
  if (!(port >= 1 && port <= 65535)) problems.push(`port ${portText} of ${part} is not between 1 and 65535`);
  return { host, port, defaultPorts: [] };
}

/** `port@host`, `@host`, or a comma-separated redundant list of them; null when it is not a server. */
function serverSource(spec: string, ctx: ElementContext): LicenseSource | null {
  const problems: string[] = [];
  const servers: ServerAddress[] = [];
  for (const part of spec.split(',')) {
    const server = parseServer(part.trim(), ctx, problems);
    if (!server) return null;
    servers.push(server);
  }
  const s = base(spec, ctx, 'server');
  s.servers = servers;
  s.problems = problems;
  return s;
}

function literalSource(spec: string, ctx: ElementContext): LicenseSource {
  const s = base(spec, ctx, 'literal');
  let depth = 0;
  let end = -1;
  for (let i = 0; i < spec.length && end < 0; i++) {
    if (spec[i] === '<') depth++;
    else if (spec[i] === '>' && --depth === 0) end = i;
  }
  // Quoted values may hold '>' too; the splitter already skipped them, so prefer the last '>' when the spec ends with one.
  if (spec.endsWith('>')) end = spec.length - 1;
  if (end < 0) {
    s.text = spec.slice(1).trim();
    s.problems.push(`the literal license text has no closing '>'; it was read to the end of the element`);
  } else {
    s.text = spec.slice(1, end).trim();
    const rest = spec.slice(end + 1).trim();
    if (rest !== '') s.problems.push(`text after the closing '>' is ignored: ${JSON.stringify(rest)}`);
  }
  if (s.text === '') s.problems.push('the literal license text is empty');
  return s;
}

function isLicName(name: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? name.toLowerCase().endsWith('.lic') : name.endsWith('.lic');
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every `*.lic` file directly inside `dir`, sorted; problems go to `problems`. */
export function licFilesIn(dir: string, ctx: Pick<ElementContext, 'platform' | 'fs'>, problems: string[]): string[] {
  const p = pathModule(ctx.platform);
  let names: string[];
  try {
    names = ctx.fs.list(dir);
  } catch (e) {
    problems.push(`cannot list the directory ${dir}: ${errorText(e)}`);
    return [];
  }
  return names
    .filter((n) => isLicName(n, ctx.platform))
    .sort(byCodeUnit)
    .map((n) => p.join(dir, n))
    .filter((f) => ctx.fs.kind(f) === 'file');
}

/** The components of an absolute path that contain '@' (RLM cannot read such a path). */
export function atComponents(abs: string, platform: NodeJS.Platform): string[] {
  const parts = platform === 'win32' ? abs.split(/[\\/]/) : abs.split('/');
  return parts.filter((c) => c.includes('@'));
}

export function atProblem(spec: string, abs: string, bad: string[], platform: NodeJS.Platform): string {
  let text =
    `the path ${abs} has a component containing '@' (${bad.map((b) => JSON.stringify(b)).join(', ')}): ` +
    `"the license file cannot be placed in a path where any component of the pathname contains the '@' character" (RLM); ` +
    `move the license to a path without '@'`;
  if (!/[\\/]/.test(spec)) text += `, or for a server write PORT@HOST with a numeric port (e.g. 5053@host)`;
  if (platform === 'win32' && spec.lastIndexOf(':') > 1) text += `; on Windows the elements are separated by ';', not ':'`;
  return text;
}

/** A file or directory element, resolved against the working directory. */
function pathSource(spec: string, ctx: ElementContext): LicenseSource {
  const p = pathModule(ctx.platform);
  const abs = p.resolve(ctx.cwd, spec);
  const found = ctx.fs.kind(abs);
  const s = base(spec, ctx, found === 'directory' ? 'directory' : 'file');
  s.path = abs;
  const bad = atComponents(abs, ctx.platform);
  if (bad.length > 0) {
    s.files = [];
    s.problems.push(atProblem(spec, abs, bad, ctx.platform));
    return s;
  }
  if (found === 'file') {
    s.files = [abs];
  } else if (found === 'directory') {
    s.files = licFilesIn(abs, ctx, s.problems);
    if (s.files.length === 0 && s.problems.length === 0) s.problems.push(`no *.lic files in the directory ${abs}`);
  } else {
    s.files = [];
    let text = `no such file or directory: ${abs}`;
    if (spec.startsWith('~')) text += ` ('~' is expanded by a shell, not here: write the full path)`;
    else if (ctx.platform === 'win32' && spec.lastIndexOf(':') > 1) text += `; on Windows the elements are separated by ';', not ':'`;
    s.problems.push(text);
  }
  return s;
}

/** Classify one trimmed, non-empty element. */
export function classifyElement(spec: string, ctx: ElementContext): LicenseSource {
  if (spec.startsWith('<')) return literalSource(spec, ctx);
  return serverSource(spec, ctx) ?? pathSource(spec, ctx);
}
