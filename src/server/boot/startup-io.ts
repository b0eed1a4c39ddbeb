// The disk side of start-up processing: which license files (seed 003: those
// named on the command line, else the license environment with port@host
// entries ignored, plus *.lic in the current directory and beside the binary —
// the resolver already walks those), reading them, and the public keys. The
// decisions are made by processStartup (startup.ts), which stays pure.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import type { HostFacts } from '../../hostid/types.js';
import { decodeLicenseBytes, notTextReason } from '../../licfile/decode.js';
import type { Dialect } from '../../licfile/types.js';
import { licenseFilesOf, literalTextsOf, resolveLicenseEnvironment, serversOf } from '../../licenv/index.js';
import { nodeFsView } from '../../licenv/node-fs.js';
import type { FsView } from '../../licenv/types.js';
import { keyLookup } from '../../signing/verify.js';
import { nodeKeyFs } from '../../signing/node-io.js';
import type { KeyFs } from '../../signing/keys.js';
import { processStartup, type StartupFile, type StartupMessage, type StartupResult } from './startup.js';

export interface StartupSources {
  /** FILE|DIR arguments of `licutil serve`; empty: use the license environment */
  paths: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  binDir: string;
  platform: NodeJS.Platform;
  /** --pub files and --keys directory */
  pub?: readonly string[] | undefined;
  keysDir?: string | undefined;
  requireSignatures: boolean;
  dialect?: Dialect | undefined;
}

interface StartupIo {
  fs: FsView;
  keyFs: KeyFs;
  readBytes: (path: string) => Uint8Array;
}

const nodeStartupIo: StartupIo = {
  fs: nodeFsView,
  keyFs: nodeKeyFs,
  readBytes: (p) => readFileSync(p),
};

/** Which files, read, then processStartup. Re-run as is by reread. */
export function loadLicenses(src: StartupSources, host: HostFacts, now: Date, io: StartupIo = nodeStartupIo): StartupResult {
  const early: StartupMessage[] = [];
  const resolution = resolveLicenseEnvironment({
    env: src.env,
    specs: src.paths.length > 0 ? [...src.paths] : undefined,
    cwd: src.cwd,
    platform: src.platform,
    binDir: src.binDir,
    fs: io.fs,
  });
  for (const s of resolution.sources) for (const p of s.problems) early.push({ level: 'warn', text: `${s.origin} ${s.spec}: ${p}` });
  for (const { source } of serversOf(resolution)) {
    early.push({ level: 'info', text: `ignoring ${source.spec} from ${source.origin}: license servers ignore port@host entries (seed 003)` });
  }

  const files: StartupFile[] = [];
  const seen = new Set<string>();
  for (const { path } of licenseFilesOf(resolution)) {
    if (seen.has(path)) continue;
    seen.add(path);
    try {
      const bytes = io.readBytes(path);
      // parsed line by line, a binary gives thousands of warnings and no license
      const notText = notTextReason(bytes);
      files.push(notText === null ? { path, text: decodeLicenseBytes(bytes) } : { path, text: null, error: notText, notText: true });
    } catch (e) {
      files.push({ path, text: null, error: e instanceof Error ? e.message : String(e) });
    }
  }
  literalTextsOf(resolution).forEach(({ text, source }, i) => files.push({ path: `<${source.origin} literal ${i + 1}>`, text }));
  if (files.length === 0) {
    early.push({
      level: 'warn',
      text: `no license file found (searched: ${resolution.searched.join(', ') || 'nothing'})`,
    });
  }

  const lookup = keyLookup({ pubFile: src.pub, keysDir: src.keysDir }, io.keyFs);
  const result = processStartup({
    files,
    host,
    now,
    publicKey: (isv, file): KeyObject | null => lookup(isv, file)?.key ?? null,
    requireSignatures: src.requireSignatures,
    ...(src.dialect ? { dialect: src.dialect } : {}),
  });
  return { ...result, messages: [...early, ...result.messages] };
}

// ---- the licenses of an ltelicense configuration file ------------------------

/** One entry of `licenses` of the configuration (seed 000 §5.2): a file or directory, with an optional tag. */
export interface LicenseGroupSource {
  path: string;
  tag?: string | undefined;
}

const MAX_DIR_DEPTH = 16;

/**
 * "Path will be parsed recursively and all license inside will be used": every
 * *.lic file under a directory, in name order, subdirectories included (to a
 * depth of 16, which also ends a loop of symbolic links).
 */
function licenseFilesUnder(dir: string, fs: FsView, problems: string[], depth = 0): string[] {
  if (depth > MAX_DIR_DEPTH) {
    problems.push(`${dir}: more than ${MAX_DIR_DEPTH} directory levels (a loop of symbolic links?); not read further`);
    return [];
  }
  let names: string[];
  try {
    names = fs.list(dir).sort();
  } catch (e) {
    problems.push(`cannot list the directory ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const p = pathJoin(dir, name);
    const kind = fs.kind(p);
    if (kind === 'directory') out.push(...licenseFilesUnder(p, fs, problems, depth + 1));
    else if (kind === 'file' && name.toLowerCase().endsWith('.lic')) out.push(p);
  }
  return out;
}

/**
 * The licenses of the configuration's `licenses` array. Sources with the same
 * tag are read together, so their licenses pool as one file list would; a tag
 * makes separate pools ("server will allocate license to client with same tag
 * field"), whose ids end in `#tag` so they stay apart from the untagged ones.
 * A file named by two entries is served by the first only.
 */
export function loadLicenseGroups(
  sources: readonly LicenseGroupSource[],
  src: Omit<StartupSources, 'paths'>,
  host: HostFacts,
  now: Date,
  io: StartupIo = nodeStartupIo,
): StartupResult {
  const early: StartupMessage[] = [];
  const groups = new Map<string, { tag: string | undefined; files: string[] }>();
  const seen = new Set<string>();
  for (const s of sources) {
    const key = s.tag ?? '';
    const g = groups.get(key) ?? { tag: s.tag, files: [] };
    groups.set(key, g);
    const kind = io.fs.kind(s.path);
    const problems: string[] = [];
    const files = kind === 'directory' ? licenseFilesUnder(s.path, io.fs, problems) : kind === 'file' ? [s.path] : [];
    for (const p of problems) early.push({ level: 'warn', text: `licenses: ${p}` });
    if (kind === 'missing') early.push({ level: 'warn', text: `licenses: ${s.path} does not exist` });
    else if (files.length === 0 && kind === 'directory') early.push({ level: 'warn', text: `licenses: no *.lic file under ${s.path}` });
    for (const f of files) {
      if (seen.has(f)) {
        early.push({ level: 'warn', text: `licenses: ${f} is named twice; it is served with its first entry only` });
        continue;
      }
      seen.add(f);
      g.files.push(f);
    }
  }

  const out: StartupResult = { defs: [], port: null, messages: early, fatal: [], files: [], nextChangeMs: null, origins: new Map(), customers: [] };
  let orderBase = 0;
  let read = 0;
  for (const g of groups.values()) {
    // an empty list would make loadLicenses fall back to the license environment
    if (g.files.length === 0) continue;
    read++;
    const r = loadLicenses({ ...src, paths: g.files }, host, now, io);
    const label = g.tag === undefined ? '' : `[tag ${g.tag}] `;
    const idOf = (id: string) => (g.tag === undefined ? id : `${id}#${g.tag}`);
    let maxOrder = -1;
    for (const d of r.defs) {
      out.defs.push({ ...d, id: idOf(d.id), tag: g.tag ?? null, order: orderBase + d.order });
      maxOrder = Math.max(maxOrder, d.order);
    }
    orderBase += maxOrder + 1;
    out.port ??= r.port;
    // loops, not push(...spread): a file of 100,000s of lines has as many messages
    for (const m of r.messages) out.messages.push({ ...m, text: label + m.text.replace(/\(pool (\S+),/, (_, id: string) => `(pool ${idOf(id)},`) });
    for (const f of r.fatal) out.fatal.push(label + f);
    for (const f of r.files) out.files.push(f);
    if (r.nextChangeMs !== null && (out.nextChangeMs === null || r.nextChangeMs < out.nextChangeMs)) out.nextChangeMs = r.nextChangeMs;
    for (const [id, files] of r.origins) out.origins.set(idOf(id), files);
    for (const c of r.customers) if (!out.customers.includes(c)) out.customers.push(c);
  }
  if (read === 0) {
    out.messages.push({ level: 'warn', text: 'no license is served: the licenses of the configuration name no license file that could be used' });
  }
  return out;
}
