// The disk side of start-up processing: which license files (seed 003: those
// named on the command line, else the license environment with port@host
// entries ignored, plus *.lic in the current directory and beside the binary —
// the resolver already walks those), reading them, and the public keys. The
// decisions are made by processStartup (startup.ts), which stays pure.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HostFacts } from '../hostid/types.js';
import { decodeLicenseBytes } from '../licfile/decode.js';
import type { Dialect } from '../licfile/types.js';
import { licenseFilesOf, literalTextsOf, resolveLicenseEnvironment, serversOf } from '../licenv/index.js';
import { nodeFsView } from '../licenv/node-fs.js';
import type { FsView } from '../licenv/types.js';
import { keyLookup } from '../signing/verify.js';
import { nodeKeyFs } from '../signing/node-io.js';
import type { KeyFs } from '../signing/keys.js';
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

export interface StartupIo {
  fs: FsView;
  keyFs: KeyFs;
  readBytes: (path: string) => Uint8Array;
}

export const nodeStartupIo: StartupIo = {
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
      files.push({ path, text: decodeLicenseBytes(io.readBytes(path)) });
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
