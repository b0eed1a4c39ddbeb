// resolve → read → interpret, for the commands that look at license files on
// this machine (stat -i, lmdiag). The layers stay pure; this is where they
// meet the disk, the host and the clock of the CLI context.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { detectHostFacts } from '../../hostid/detect.js';
import { nodeHostIo } from '../../hostid/node-io.js';
import type { HostFacts } from '../../hostid/types.js';
import { licenseFilesOf, literalTextsOf, usableSources } from '../../licenv/resolve.js';
import type { Resolution } from '../../licenv/types.js';
import { decodeLicenseBytes, notTextReason, parseLicense } from '../../licfile/index.js';
import type { Diagnostic, LicenseDocument } from '../../licfile/types.js';
import { evaluateLicenseSet, licensesOfAll, type License, type LicenseSetEvaluation, type SignatureVerdict } from '../../licmodel/index.js';
import { LicutilError } from '../../protocol/errors.js';
import { isvFromKeyFile } from '../../signing/keys.js';
import { keyLookup, PACKAGE_VERDICT, signatureOf, verifyGrant } from '../../signing/verify.js';
import { nodeKeyFs } from '../../signing/node-io.js';
import type { GlobalArgs } from '../args/global.js';
import type { CliContext, Message } from './command.js';
import { resolveFor } from './environment.js';

interface LoadArgs extends GlobalArgs {
  pub?: string | string[] | undefined;
}

export interface LoadedLicenses {
  resolution: Resolution;
  documents: LicenseDocument[];
  /** every reader diagnostic of every document, in file order */
  diagnostics: Diagnostic[];
  /** files that could not be read at all */
  unreadable: Message[];
  host: HostFacts;
  set: LicenseSetEvaluation;
  signatures: Map<License, SignatureVerdict>;
  /** sources that name servers: not read here (their status needs the network) */
  serverSources: number;
  /** sources with problems (a missing file, an '@' in a path) and --pub files that belong to no ISV read */
  warnings: Message[];
}

function readDocument(path: string, args: GlobalArgs): LicenseDocument | Message {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    return { level: 'error', text: `${path}: cannot read the license file (${code}); check the path and its permissions` };
  }
  const binary = notTextReason(bytes);
  if (binary !== null) return { level: 'error', text: `${path}: ${binary}; pass the license file itself (a text file)` };
  return parseLicense(decodeLicenseBytes(bytes), path, args.dialect ? { dialect: args.dialect } : {});
}

/**
 * What makes this file no license file at all, for `env`, which shows sources
 * without parsing them: empty, or binary (the same test the readers above apply,
 * on the first 64 KiB). Null when it is text, or cannot be read (`env` reports
 * missing files itself).
 */
export function licenseFileProblem(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buf = new Uint8Array(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n === 0) return `${path} is empty: it holds no license`;
    const binary = notTextReason(buf.subarray(0, n));
    return binary === null ? null : `${path}: ${binary}`;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Everything the local commands need. Throws LICUTIL_E_NO_SOURCE when the
 * environment names nothing usable, with what was looked at.
 */
export function loadLicenses(args: LoadArgs, ctx: CliContext): LoadedLicenses {
  const resolution = resolveFor(args, ctx);
  // "missing files reported, not fatal": each one is a warning, and part of the error when nothing is left
  const sourceProblems = resolution.sources.flatMap((src) => src.problems.map((p) => `${src.origin} ${src.spec}: ${p}`));
  if (usableSources(resolution).length === 0) {
    const why = sourceProblems.length > 0 ? ` (${sourceProblems.join('; ')})` : '';
    throw new LicutilError(
      'LICUTIL_E_NO_SOURCE',
      `no license source found; looked at ${resolution.searched.join(', ') || 'nothing'}${why}`,
      'pass -c FILE|DIR|port@host, or set RLM_LICENSE or LM_LICENSE_FILE; `licutil env` shows what is found',
    );
  }
  const documents: LicenseDocument[] = [];
  const unreadable: Message[] = [];
  for (const { path } of licenseFilesOf(resolution)) {
    const d = readDocument(path, args);
    if ('statements' in d) documents.push(d);
    else unreadable.push(d);
  }
  for (const { text, source } of literalTextsOf(resolution)) {
    documents.push(parseLicense(text, `<${source.origin} literal>`, args.dialect ? { dialect: args.dialect } : {}));
  }

  // A --pub file is the key of the ISV its name says (acme.pub), or of --isv
  // when it is the only one, as in `sign --verify`.
  const pubs = args.pub === undefined ? [] : ([] as string[]).concat(args.pub);
  const pubIsv = pubs.length === 1 ? args.isv : undefined;
  const lookup = keyLookup({ pubFile: pubs, pubIsv, keysDir: ctx.env.LICUTIL_KEYS || undefined }, nodeKeyFs);
  const docOf = new Map(documents.map((d) => [d.file, d]));
  const signatures = new Map<License, SignatureVerdict>();
  const signature = (l: License): SignatureVerdict => {
    const known = signatures.get(l);
    if (known) return known;
    const doc = docOf.get(l.file);
    const stmt = l.statement;
    let v: SignatureVerdict;
    if (doc === undefined || stmt.kind === 'package') v = PACKAGE_VERDICT;
    // only a licutil signature needs a key: foreign files never touch the disk for one
    else if (signatureOf(stmt).kind !== 'licutil') v = verifyGrant(doc, stmt, null);
    else v = verifyGrant(doc, stmt, lookup(stmt.isv, doc.file)?.key ?? null);
    signatures.set(l, v);
    return v;
  };

  const licenses = licensesOfAll(documents);
  const isvs = new Set(licenses.map((l) => l.isv.toLowerCase()));
  const keyWarnings: Message[] = pubs
    .map((p) => ({ p, owner: (pubIsv ?? isvFromKeyFile(p)).toLowerCase() }))
    .filter(({ owner }) => !isvs.has(owner))
    .map(({ p, owner }) => ({
      level: 'warning',
      text: `--pub ${p} is taken as the key of ISV ${owner}, which has no license in these files, so it checks nothing; name it ISV.pub or pass --isv ISV`,
    }));

  const host = detectHostFacts(nodeHostIo(ctx.env, ctx.now));
  const set = evaluateLicenseSet(licenses, { now: ctx.now(), host, signature });
  return {
    resolution,
    documents,
    diagnostics: documents.flatMap((d) => d.diagnostics),
    unreadable,
    host,
    set,
    signatures,
    serverSources: resolution.sources.filter((s) => s.kind === 'server').length,
    warnings: [...sourceProblems.map((text): Message => ({ level: 'warning', text })), ...keyWarnings],
  };
}

/** Diagnostics shown per file on the terminal; --json keeps them all. */
export const DIAGNOSTICS_PER_FILE = 20;

/**
 * `file:line:col: severity CODE: message (hint)` — the compiler habit editors
 * understand. A file with hundreds of problems is a wrong file, not hundreds of
 * things to fix: past DIAGNOSTICS_PER_FILE, one line counts the rest.
 */
export function diagnosticMessages(diags: readonly Diagnostic[]): Message[] {
  const shown = new Map<string, number>();
  const hidden = new Map<string, { errors: number; others: number }>();
  const out: Message[] = [];
  for (const d of diags) {
    const n = shown.get(d.file) ?? 0;
    if (n >= DIAGNOSTICS_PER_FILE) {
      const h = hidden.get(d.file) ?? { errors: 0, others: 0 };
      if (d.severity === 'error') h.errors += 1;
      else h.others += 1;
      hidden.set(d.file, h);
      continue;
    }
    shown.set(d.file, n + 1);
    out.push({
      level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info',
      text: `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}${d.hint ? ` — ${d.hint}` : ''}`,
    });
  }
  for (const [file, h] of hidden) {
    out.push({
      level: h.errors > 0 ? 'error' : 'warning',
      text: `${file}: ... and ${h.errors + h.others} more (${h.errors} error(s)); --json lists them all`,
    });
  }
  return out;
}

export function hasErrorDiagnostics(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
