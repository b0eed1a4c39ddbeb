// What `licutil sign` does: dispatch to keygen, sign or verify, then hand the
// results to sign-view.ts for people and JSON.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import { decodeLicenseBytes, parseLicense } from '../../../licfile/index.js';
import type { LicenseDocument } from '../../../licfile/types.js';
import { EXIT, LicutilError } from '../../../protocol/errors.js';
import { statementHunks, unifiedDiff } from '../../../signing/diff.js';
import { generateKeyPair, isvFromKeyFile, parsePrivateKey } from '../../../signing/keys.js';
import { fileExists, nodeKeyFs, writeFileAtomic } from '../../../signing/node-io.js';
import { signDocument } from '../../../signing/sign.js';
import { keyLookup, verifyDocument } from '../../../signing/verify.js';
import type { SignArgs } from './args.js';
import { keygenOutput, signOutput, verifyOutput, type SignedFile } from './view.js';

function readLicense(file: string, shown: string, args: SignArgs): LicenseDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new LicutilError('LICUTIL_E_FILE', `${shown}: cannot read the license file (${code})`, 'check the path');
  }
  return parseLicense(decodeLicenseBytes(bytes), shown, args.dialect ? { dialect: args.dialect } : {});
}

function needFiles(args: SignArgs, what: string): string[] {
  const files = (args.files ?? []).map(String);
  if (files.length === 0) throw new LicutilError('LICUTIL_E_USAGE', `name the license files to ${what}`, 'see `licutil sign --help`');
  return files;
}

// ---- keygen ---------------------------------------------------------------

function runKeygen(args: SignArgs, ctx: CliContext): CommandOutput {
  const extra = (args.files ?? []).slice(1);
  if (extra.length > 0) throw new LicutilError('LICUTIL_E_USAGE', `sign keygen takes no files (got ${extra.join(' ')})`, 'use --out DIR to say where the keys go');
  const isv = args.isv;
  if (isv === undefined || isv === '') throw new LicutilError('LICUTIL_E_USAGE', 'sign keygen needs --isv NAME: the keys are NAME.key and NAME.pub', 'e.g. `licutil sign keygen --isv acme`');
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(isv)) {
    throw new LicutilError('LICUTIL_E_USAGE', `--isv ${JSON.stringify(isv)} cannot name a key file`, 'an ISV name is one word of letters, digits, _ . and -');
  }
  const dir = path.resolve(ctx.cwd, args.out ?? '.');
  const shownDir = args.out ?? '.';
  const privateFile = path.join(dir, `${isv}.key`);
  const publicFile = path.join(dir, `${isv}.pub`);
  const present = [privateFile, publicFile].filter(fileExists);
  if (present.length > 0 && !args.force) {
    throw new LicutilError(
      'LICUTIL_E_EXISTS',
      `${present.map((f) => path.join(shownDir, path.basename(f))).join(' and ')} already exist${present.length === 1 ? 's' : ''}; not overwritten`,
      'licenses signed with the old key stop verifying under a new one; pass --force if that is what you want',
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new LicutilError('LICUTIL_E_FILE', `${shownDir}: cannot create the directory (${e instanceof Error ? e.message : String(e)})`, 'choose another --out');
  }
  const pair = generateKeyPair();
  writeFileAtomic(privateFile, pair.privatePem, 0o600);
  writeFileAtomic(publicFile, pair.publicPem, 0o644);
  return keygenOutput({
    isv,
    privateKey: path.join(shownDir, `${isv}.key`),
    publicKey: path.join(shownDir, `${isv}.pub`),
    overwritten: present.length > 0,
  });
}

// ---- sign -----------------------------------------------------------------

/** Where each input goes: in place, to --out as a file (one input), or into --out as a directory. */
function outputs(files: string[], out: string | undefined, cwd: string): string[] {
  if (out === undefined) return files.map((f) => path.resolve(cwd, f));
  const target = path.resolve(cwd, out);
  let isDir = out.endsWith('/') || out.endsWith(path.sep) || files.length > 1;
  try {
    isDir ||= statSync(target).isDirectory();
  } catch {
    // does not exist yet
  }
  if (!isDir) return [target];
  const seen = new Map<string, string>();
  return files.map((f) => {
    const name = path.basename(f);
    const other = seen.get(name);
    if (other !== undefined) {
      throw new LicutilError('LICUTIL_E_USAGE', `${other} and ${f} would both be written to ${path.join(out, name)}`, 'sign them one at a time with --out FILE');
    }
    seen.set(name, f);
    return path.join(target, name);
  });
}

function runSignFiles(args: SignArgs, ctx: CliContext): CommandOutput {
  const files = needFiles(args, 'sign');
  if (args.key === undefined) {
    throw new LicutilError('LICUTIL_E_USAGE', 'signing needs the private key: --key NAME.key', 'make one with `licutil sign keygen --isv NAME`; to check signatures use --verify');
  }
  const keyPath = path.resolve(ctx.cwd, args.key);
  const pem = nodeKeyFs.readText(keyPath);
  if (pem === undefined) throw new LicutilError('LICUTIL_E_KEY', `${args.key}: no such private key file`, 'make one with `licutil sign keygen --isv NAME`');
  const privateKey = parsePrivateKey(pem, args.key);
  const isv = args.isv ?? isvFromKeyFile(args.key);
  const targets = outputs(files, args.out, ctx.cwd);

  // sign everything in memory first: one bad file and nothing is written
  const results: SignedFile[] = [];
  const failures: string[] = [];
  files.forEach((file, i) => {
    try {
      const doc = readLicense(path.resolve(ctx.cwd, file), file, args);
      const r = signDocument(doc, privateKey, { isv });
      const target = targets[i] ?? path.resolve(ctx.cwd, file);
      const inPlace = target === path.resolve(ctx.cwd, file);
      const changed = r.text !== doc.text;
      const diff = unifiedDiff(file, args.out === undefined ? `${file} (signed)` : path.relative(ctx.cwd, target) || target, statementHunks(doc, r.doc));
      results.push({ file, out: inPlace ? file : path.relative(ctx.cwd, target) || target, target, text: r.text, write: !args['dry-run'] && (changed || !inPlace), signed: r.signed, skipped: r.skipped, diff });
    } catch (e) {
      if (!(e instanceof LicutilError)) throw e;
      failures.push(e.message);
    }
  });
  if (failures.length > 0) {
    throw new LicutilError('LICUTIL_E_LICENSE_SYNTAX', `nothing was signed:\n${failures.join('\n')}`, 'fix the files named above (`licutil lmdiag -c FILE` explains each error), then sign again');
  }
  for (const r of results) {
    if (!r.write) continue;
    try {
      mkdirSync(path.dirname(r.target), { recursive: true });
    } catch (e) {
      throw new LicutilError('LICUTIL_E_FILE', `${r.out}: cannot create its directory (${e instanceof Error ? e.message : String(e)})`, 'choose another --out');
    }
    writeFileAtomic(r.target, r.text);
  }

  const messages: Message[] = [];
  const total = results.reduce((n, r) => n + r.signed.length, 0);
  if (total === 0) {
    messages.push({
      level: 'warning',
      text: `no license of ISV ${isv} was signed; the ISV comes from --isv or the key file's name (${path.basename(args.key)})`,
    });
  }
  return signOutput({ isv, key: args.key, dryRun: args['dry-run'], files: results }, messages);
}

// ---- verify ---------------------------------------------------------------

function runVerify(args: SignArgs, ctx: CliContext): CommandOutput {
  const files = needFiles(args, 'verify');
  if (args.key !== undefined) throw new LicutilError('LICUTIL_E_USAGE', '--verify checks with public keys: use --pub NAME.pub, not --key', 'see `licutil sign --help`');
  const given = args.pub === undefined ? [] : ([] as string[]).concat(args.pub);
  const pubs = given.map((p) => path.resolve(ctx.cwd, p));
  const keysDir = ctx.env.LICUTIL_KEYS ? path.resolve(ctx.cwd, ctx.env.LICUTIL_KEYS) : undefined;
  const lookup = keyLookup({ pubFile: pubs, pubIsv: pubs.length === 1 ? args.isv : undefined, keysDir }, nodeKeyFs);
  const docs = files.map((f) => readLicense(path.resolve(ctx.cwd, f), f, args));
  const licenses = docs
    .flatMap((doc) => verifyDocument(doc, (isv) => lookup(isv, path.resolve(ctx.cwd, doc.file))))
    .map((l) => (l.keyPath === null ? l : { ...l, keyPath: path.relative(ctx.cwd, l.keyPath) || l.keyPath }));
  const errors = docs.flatMap((d) => d.diagnostics.filter((x) => x.severity === 'error'));
  const messages: Message[] = errors.map((d) => ({ level: 'error', text: `${d.file}:${d.line}:${d.column}: ${d.message}${d.hint ? ` (${d.hint})` : ''}` }));
  for (const p of given) {
    const owner = (pubs.length === 1 && args.isv ? args.isv : isvFromKeyFile(p)).toLowerCase();
    if (!licenses.some((l) => l.isv.toLowerCase() === owner)) {
      messages.push({ level: 'warning', text: `${p} is taken as the key of ISV ${owner}, which has no license in these files; name it ISV.pub or pass --isv ISV` });
    }
  }
  const bad = licenses.some((l) => l.status === 'invalid') || errors.length > 0;
  return verifyOutput({ files, licenses, errors }, messages, bad ? EXIT.dataErr : EXIT.ok);
}

export async function runSign(args: SignArgs, ctx: CliContext): Promise<CommandOutput> {
  if ((args.files ?? [])[0] === 'keygen') {
    if (args.verify || args.key !== undefined || args['dry-run']) throw new LicutilError('LICUTIL_E_USAGE', 'sign keygen takes only --isv, --out and --force', 'see `licutil sign --help`');
    return runKeygen(args, ctx);
  }
  if (args.force) throw new LicutilError('LICUTIL_E_USAGE', '--force is for `sign keygen` only (signing never needs it)', 'see `licutil sign --help`');
  if (args.verify) {
    if (args['dry-run'] || args.out !== undefined) throw new LicutilError('LICUTIL_E_USAGE', '--verify writes nothing: --out and --dry-run do not apply', 'see `licutil sign --help`');
    return runVerify(args, ctx);
  }
  if (args.pub !== undefined) throw new LicutilError('LICUTIL_E_USAGE', '--pub is for --verify; signing needs --key NAME.key', 'see `licutil sign --help`');
  return runSignFiles(args, ctx);
}
