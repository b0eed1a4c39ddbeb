// `stat -i`: what the license files of the environment grant and whether each
// line is usable here. Exit 65 when a file has errors, 0 otherwise: expired or
// foreign-host lines are facts to show, not failures of the command.
import { productsOf, sameName } from '../../../licmodel/index.js';
import { EXIT } from '../../../protocol/errors.js';
import type { CliContext, CommandOutput, Message } from '../../common/command.js';
import { diagnosticMessages, hasErrorDiagnostics, loadLicenses } from '../../common/licenses.js';
import { diagnosticJson, licenseJson, paintStatus, reasonLines, whereText, type LicenseJson } from '../../output/license-json.js';
import type { Renderer } from '../../output/renderer.js';
import type { StatArgs } from './args.js';
import { nearest } from '../../args/nearest.js';
import { jsonDocument } from '../../../protocol/documents.js';

/** A count, or the license type that has none (uncounted, single, token, metered). */
function countText(l: LicenseJson): string {
  return l.count === null ? l.type : String(l.count);
}

function expiryText(l: LicenseJson): string {
  return l.expiry_date ?? (l.permanent ? 'permanent' : 'invalid');
}

/** ` Did you mean solver?` for `stat -i solvr`, or nothing. */
function guessText(feature: string, products: readonly string[]): string {
  const guess = nearest(feature, products);
  return guess === undefined ? '' : ` Did you mean ${guess}?`;
}

function human(r: Renderer, licenses: LicenseJson[], feature: string | undefined, cwd: string, products: readonly string[], quiet: boolean): string {
  if (licenses.length === 0) return feature ? `No license for ${feature} in these license files.${guessText(feature, products)}` : 'No licenses in these license files.';
  const rows = licenses.map((l) => [
    l.product,
    l.version,
    l.isv,
    expiryText(l),
    countText(l),
    l.kind === 'license' ? l.type : l.kind,
    paintStatus(r, l.status),
    l.signature.status,
    whereText(l.file, l.line, cwd),
  ]);
  const out = [r.table(['PRODUCT', 'VERSION', 'ISV', 'EXPIRES', 'COUNT', 'TYPE', 'STATUS', 'SIGNATURE', 'WHERE'], rows)];
  // -q: the table asked for; STATUS says which are not ok, without why
  const troubled = quiet ? [] : licenses.filter((l) => l.problems.length > 0);
  if (troubled.length > 0) {
    out.push('', r.c.bold('Why not ok:'));
    for (const l of troubled) {
      out.push(`  ${whereText(l.file, l.line, cwd)} ${l.product} ${l.version}`);
      out.push(...reasonLines(r, l.problems, '    '));
    }
  }
  return out.join('\n');
}

export function runStatLocal(args: StatArgs, ctx: CliContext): CommandOutput {
  const loaded = loadLicenses(args, ctx);
  const evals = loaded.set.evaluations.filter((e) => args.feature === undefined || sameName(e.license.product, args.feature));
  const licenses = evals.map((e) => licenseJson(e, loaded.signatures.get(e.license), loaded.host.timezoneOffsetMinutes));
  const messages: Message[] = [...loaded.unreadable, ...diagnosticMessages(loaded.diagnostics), ...loaded.warnings];
  if (loaded.serverSources > 0) {
    messages.push({ level: 'info', text: `${loaded.serverSources} server source(s) in the license environment were not asked (stat -i reads files only)` });
  }
  const failed = loaded.unreadable.length > 0 || hasErrorDiagnostics(loaded.diagnostics);
  return {
    json: jsonDocument('stat-local', {
      licenses,
      diagnostics: loaded.diagnostics.map(diagnosticJson),
      files: loaded.documents.map((d) => d.file),
    }),
    human: (r) => human(r, licenses, args.feature, ctx.cwd, productsOf(loaded.set.evaluations), args.quiet),
    exitCode: failed ? EXIT.dataErr : EXIT.ok,
    messages,
  };
}
