// How `licutil sign` shows its results: the --json documents (a contract,
// described in licutil-sign(1)) and the text a person reads.
import type { CommandOutput, Message } from '../../common/command.js';
import type { Renderer } from '../../output/renderer.js';
import type { Diagnostic } from '../../../licfile/types.js';
import { EXIT } from '../../../protocol/errors.js';
import type { SignedLine, SkippedLine } from '../../../signing/sign.js';
import type { SignatureStatus, VerifiedGrant } from '../../../signing/verify.js';
import { jsonDocument } from '../../../protocol/documents.js';

interface KeygenResult {
  isv: string;
  privateKey: string;
  publicKey: string;
  overwritten: boolean;
}

export function keygenOutput(k: KeygenResult): CommandOutput {
  return {
    json: jsonDocument('sign-keygen', { action: 'keygen', isv: k.isv, private_key: k.privateKey, public_key: k.publicKey, overwritten: k.overwritten }),
    human: (r) =>
      [
        `${k.overwritten ? 'Replaced' : 'Made'} the Ed25519 key pair of ISV ${r.c.bold(k.isv)}:`,
        `  ${k.privateKey}  private: signs licenses; keep it secret (mode 0600)`,
        `  ${k.publicKey}  public: give it to whoever checks the licenses`,
      ].join('\n'),
    exitCode: EXIT.ok,
  };
}

export interface SignedFile {
  /** as given on the command line */
  file: string;
  /** where the signed text goes, as shown */
  out: string;
  /** absolute path written */
  target: string;
  text: string;
  /** false with --dry-run, or when nothing changed in place */
  write: boolean;
  signed: SignedLine[];
  skipped: SkippedLine[];
  diff: string;
}

interface SignRun {
  isv: string;
  key: string;
  dryRun: boolean;
  files: SignedFile[];
}

function signJson(s: SignRun): unknown {
  return jsonDocument('sign', {
    action: 'sign',
    isv: s.isv,
    key: s.key,
    dry_run: s.dryRun,
    files: s.files.map((f) => ({
      file: f.file,
      out: f.out,
      written: f.write,
      signed: f.signed,
      skipped: f.skipped,
      // only a dry run shows what would change
      diff: s.dryRun ? f.diff : null,
    })),
  });
}

function signHuman(r: Renderer, s: SignRun): string {
  const out: string[] = [];
  for (const f of s.files) {
    const changed = f.signed.filter((l) => l.changed).length;
    const where = f.out === f.file ? f.file : `${f.file} → ${f.out}`;
    const state = s.dryRun ? 'dry run, nothing written' : f.write ? 'written' : 'unchanged';
    out.push(`${r.c.bold(where)}: ${f.signed.length} license${f.signed.length === 1 ? '' : 's'} of ${s.isv} signed (${changed} changed), ${state}`);
    const w = String(Math.max(0, ...f.signed.map((l) => l.line), ...f.skipped.map((l) => l.line))).length;
    const at = (n: number): string => `line ${String(n).padStart(w)}`;
    for (const l of f.signed) out.push(`  ${r.c.green('signed')}  ${at(l.line)}  ${l.kind === 'upgrade' ? 'UPGRADE ' : ''}${l.product} ${l.version}${l.changed ? '' : ' (already signed)'}`);
    for (const l of f.skipped) out.push(`  ${r.c.yellow('left')}    ${at(l.line)}  ${l.isv} ${l.product}: ${l.reason}`);
    if (s.dryRun && f.diff) out.push('', f.diff.trimEnd());
  }
  return out.join('\n');
}

export function signOutput(s: SignRun, messages: Message[]): CommandOutput {
  return { json: signJson(s), human: (r) => signHuman(r, s), exitCode: EXIT.ok, messages };
}

interface VerifyRun {
  files: string[];
  licenses: VerifiedGrant[];
  errors: Diagnostic[];
}

const STATUSES: SignatureStatus[] = ['valid', 'invalid', 'unsigned', 'foreign', 'unchecked'];

function summary(v: VerifyRun): Record<SignatureStatus, number> {
  const s = Object.fromEntries(STATUSES.map((k) => [k, 0])) as Record<SignatureStatus, number>;
  for (const l of v.licenses) s[l.status]++;
  return s;
}

function paint(r: Renderer, status: SignatureStatus): string {
  switch (status) {
    case 'valid':
      return r.c.green(status);
    case 'invalid':
      return r.c.red(status);
    case 'unchecked':
      return r.c.yellow(status);
    default:
      return r.c.dim(status);
  }
}

/** A verified license as the JSON contract spells it (snake_case; the library's type is camelCase). */
function verifiedJson(l: VerifiedGrant): Record<string, unknown> {
  return {
    status: l.status,
    detail: l.detail,
    file: l.file,
    line: l.line,
    end_line: l.endLine,
    kind: l.kind,
    isv: l.isv,
    product: l.product,
    version: l.version,
    key_path: l.keyPath,
  };
}

export function verifyOutput(v: VerifyRun, messages: Message[], exitCode: number): CommandOutput {
  const counts = summary(v);
  return {
    json: jsonDocument('sign-verify', {
      action: 'verify',
      ok: exitCode === EXIT.ok,
      summary: counts,
      licenses: v.licenses.map(verifiedJson),
      errors: v.errors,
    }),
    human: (r) => {
      if (v.licenses.length === 0) return `No LICENSE or UPGRADE lines in ${v.files.join(', ')}.`;
      const rows = v.licenses.map((l) => [`${l.file}:${l.line}`, l.isv, l.product, l.version, paint(r, l.status), l.detail]);
      const total = STATUSES.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
      return `${r.table(['license', 'isv', 'product', 'version', 'signature', 'detail'], rows)}\n\n${total.join(', ')}`;
    },
    exitCode,
    messages,
  };
}
