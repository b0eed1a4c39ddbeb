// What `licutil explain` prints: the vendor's words for the code, what it
// means, the parts of a FlexNet compound code, causes, checks, and the same
// problem in the other tables. An unknown code exits 1 (nothing matched) and names the nearest.
import type { CliContext, CommandOutput } from '../../common/command.js';
import type { Renderer } from '../../output/renderer.js';
import { explainCode, nearestCodes, type Dialect, type Explanation } from '../../../legacy/error-tables/index.js';
import { ERROR_CODES, EXIT, LicutilError } from '../../../protocol/errors.js';
import type { ExplainArgs } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

const VENDOR: Record<Explanation['dialect'], string> = { flexlm: 'FlexNet', rlm: 'RLM', licutil: 'licutil' };

// Keys yargs may set besides the code: the command's options, the global ones and their aliases.
const KNOWN_KEYS = new Set(['_', '$0', '--', 'code', 'rlm', 'flexlm', 'json', 'color', 'quiet', 'q', 'isv', 'dialect', 'license', 'c', 'help', 'h', 'version', 'V']);
const DASHED_CODE = /^\d+(,\d+)?(:\d+)?$/;

/** The code asked about: the positional, a dash-led code yargs took for an option, or what follows `--`. */
export function codesOf(args: ExplainArgs): string[] {
  const codes: string[] = [];
  if (args.code !== undefined && String(args.code) !== '') codes.push(String(args.code));
  for (const key of Object.keys(args)) {
    if (DASHED_CODE.test(key)) codes.push(`-${key}`);
    else if (!KNOWN_KEYS.has(key)) {
      throw new LicutilError('LICUTIL_E_USAGE', `unknown option --${key}`, 'see `licutil explain --help`');
    }
  }
  for (const rest of args['--'] ?? []) codes.push(String(rest));
  return codes;
}

function dialectOf(args: ExplainArgs): Dialect | undefined {
  if (args.rlm) return 'rlm';
  if (args.flexlm) return 'flexlm';
  return args.dialect;
}

function heading(e: Explanation): string {
  if (e.dialect === 'licutil') return `${e.code}: ${e.title}`;
  return `${VENDOR[e.dialect]} ${e.code} (${e.name}): ${e.title}`;
}

function systemLines(e: Explanation): string[] {
  if (!e.system) return [];
  const [first, ...others] = e.system.readings;
  if (!first) return [`System error ${e.system.number}: not a number licutil knows${e.system.printed_text ? ` ("${e.system.printed_text}")` : ''}.`];
  const out = [`System error ${e.system.number}: ${first.name}, "${first.text}" (${first.platform}). ${first.advice}`];
  const elsewhere = others.filter((o) => o.name !== first.name);
  if (elsewhere.length > 0) {
    out.push(`  (the number depends on the system: ${elsewhere.map((o) => `${o.name} on ${o.platform}`).join(', ')})`);
  }
  return out;
}

function equivalents(e: Explanation): string | null {
  const parts = [
    ...e.equivalents.licutil.map((c) => `licutil ${c}`),
    ...e.equivalents.flexlm.map((c) => `FlexNet ${c}`),
    ...e.equivalents.rlm.map((c) => `RLM ${c}`),
  ];
  return parts.length > 0 ? `Same problem elsewhere: ${parts.join(', ')}` : null;
}

export function formatExplanation(e: Explanation, r: Renderer): string {
  const out = [r.c.bold(heading(e)), '', e.meaning];
  const parts: string[] = [];
  if (e.minor !== undefined) {
    parts.push(`Minor code ${e.minor}: where inside FlexNet the error was raised. Flexera does not document these; quote it to the vendor's support.`);
  }
  parts.push(...systemLines(e));
  if (e.licutil) parts.push(`Exit status ${e.licutil.exit}; a licutil server answers HTTP ${e.licutil.http}.`);
  if (parts.length > 0) out.push('', ...parts);
  if (e.causes.length > 0) out.push('', r.c.bold('Usual causes'), ...e.causes.map((c) => `  - ${c}`));
  if (e.checks.length > 0) out.push('', r.c.bold('What to check'), ...e.checks.map((c, i) => `  ${i + 1}. ${c}`));
  const same = equivalents(e);
  if (same) out.push('', same);
  if (e.other_dialect) {
    const flag = e.other_dialect.dialect === 'rlm' ? '--rlm' : '--flexlm';
    out.push(r.c.dim(`With ${flag}, ${e.other_dialect.code} is ${e.other_dialect.name}: ${e.other_dialect.title}`));
  }
  return out.join('\n');
}

/** The known-code document: every key there, null where the code has none (no minor code or system error given, not a licutil code, no other table's meaning). */
function explanationJson(e: Explanation) {
  return jsonDocument('explain', {
    known: true,
    ...e,
    minor: e.minor ?? null,
    system: e.system ? { number: e.system.number, printed_text: e.system.printed_text ?? null, readings: e.system.readings } : null,
    licutil: e.licutil ?? null,
    other_dialect: e.other_dialect ?? null,
  });
}

export async function runExplain(args: ExplainArgs, _ctx: CliContext): Promise<CommandOutput> {
  const codes = codesOf(args);
  if (codes.length !== 1) {
    throw new LicutilError(
      'LICUTIL_E_USAGE',
      codes.length === 0 ? 'name one error code to explain' : `explain takes one code, got ${codes.length}: ${codes.join(' ')}`,
      'e.g. `licutil explain -15,570:115` or `licutil explain RLM_EL_EXPIRED`',
    );
  }
  const code = codes[0] ?? '';
  const dialect = dialectOf(args);
  const opts = dialect ? { dialect } : {};
  const explanation = explainCode(code, opts);
  if (!explanation) {
    const nearest = nearestCodes(code, opts);
    return {
      json: jsonDocument('explain', { input: code, known: false, nearest }),
      human: () => '',
      exitCode: ERROR_CODES.LICUTIL_E_UNKNOWN_CODE.exit,
      messages: [{ level: 'error', text: `unknown code ${JSON.stringify(code)}; nearest known: ${nearest.join(', ')}` }],
    };
  }
  return { json: explanationJson(explanation), human: (r) => formatExplanation(explanation, r), exitCode: EXIT.ok };
}
