// parseLicense: lex, decide the dialect, build each statement, and report. Pure,
// and it never throws: whatever the input, the caller gets a document whose
// diagnostics say what is wrong and where.
import type { BuildContext } from './context.js';
import { show } from './checks.js';
import { decideDialect } from './dialect.js';
import { DiagnosticSink } from './diagnostics.js';
import { invalid } from './fields.js';
import { buildFlexGrant, buildPackage } from './flexlm.js';
import { nearestKeyword, OBSOLETE_KEYWORDS } from './keywords.js';
import { lex, type LexIssue, type Lexed, type RawStatement } from './lexer.js';
import { buildRlmGrant } from './rlm.js';
import { buildCustomer, buildHost, buildIsv, buildUseServer } from './servers.js';
import type { Dialect, LicenseDocument, ParseOptions, Statement } from './types.js';

const BOM = 0xfeff;

export function parseLicense(text: string, file: string, opts: ParseOptions = {}): LicenseDocument {
  const hasBom = text.charCodeAt(0) === BOM;
  const body = hasBom ? text.slice(1) : text;
  try {
    return parseBody(body, file, opts, hasBom);
  } catch (e) {
    return {
      file,
      text: body,
      dialect: { dialect: opts.dialect ?? 'rlm', confidence: opts.dialect ? 'override' : 'weak', evidence: [] },
      statements: [],
      diagnostics: [
        {
          severity: 'error',
          code: 'LIC_INTERNAL',
          message: `licutil could not read this file: ${e instanceof Error ? e.message : String(e)}`,
          file,
          line: 1,
          column: 1,
          hint: 'This is a bug in licutil; please report it with the file attached.',
        },
      ],
      hasBom,
      lineEnding: lineEnding(body),
      finalNewline: body.endsWith('\n'),
    };
  }
}

function parseBody(text: string, file: string, opts: ParseOptions, hasBom: boolean): LicenseDocument {
  const lexed = lex(text);
  const sink = new DiagnosticSink(file, text, lexed.lineStarts);
  if (hasBom) {
    sink.error(
      0,
      'LIC_BOM',
      'The file starts with a byte-order mark (BOM); RLM does not accept one and would not recognise the content.',
      'Save the file as plain UTF-8 without BOM (in Notepad: "UTF-8", not "UTF-8 with BOM"), ' +
        "or remove it with: sed -i '1s/^\\xEF\\xBB\\xBF//' FILE",
    );
  }
  for (const issue of lexed.issues) reportLexIssue(sink, text, issue);
  const decision = decideDialect(lexed, opts, sink);
  const ctx: BuildContext = { sink, dialect: decision.dialect };
  const statements: Statement[] = new Array<Statement>(lexed.count);
  for (let i = 0; i < lexed.count; i++) statements[i] = build(ctx, lexed, i, decision.dialect, text);
  checkServerCount(sink, statements, decision.dialect);
  const diagnostics = sink.list.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    file,
    text,
    dialect: decision,
    statements,
    diagnostics,
    hasBom,
    lineEnding: lineEnding(text),
    finalNewline: text.endsWith('\n'),
  };
}

function build(ctx: BuildContext, lx: Lexed, i: number, dialect: Dialect, text: string): Statement {
  switch (lx.type(i)) {
    case 'blank':
      return { kind: 'blank', keyword: '', start: lx.start(i), end: lx.end(i), line: lx.line(i), endLine: lx.endLine(i) };
    case 'comment':
      return commentOrText('comment', lx.raw(i), text);
    case 'text': {
      const raw = lx.raw(i);
      ctx.sink.warning(
        raw.keywordStart,
        'LIC_FREE_TEXT',
        `Line ${raw.line} is neither a comment nor a license line: ${show(text.slice(raw.keywordStart, raw.end))}. It is ignored.`,
        'Start the line with # to make it a comment (RLM 9.3 and later require the #).',
      );
      return commentOrText('text', raw, text);
    }
    case 'keyword':
      break;
  }
  if (!lx.known(i)) return unknownKeyword(ctx, lx.raw(i), text);
  const upper = lx.upper(i);
  const controlAt = lx.controlAt(i);
  if (controlAt >= 0) {
    ctx.sink.warning(
      controlAt,
      'LIC_CONTROL_CHAR',
      `A control character (code ${text.charCodeAt(controlAt)}) sits inside this ${upper} line.`,
      'Remove it; it usually comes from a bad copy or a binary transfer.',
    );
  }
  // LICENSE/HOST/ISV/CUSTOMER exist only in RLM and INCREMENT/PACKAGE only in
  // FlexLM, so they are read by their own rules; the shared keywords follow the file.
  // Grants, nearly every statement of a large file, are read from the lexer's
  // tables; the rest get their Tokens first.
  const rlm = dialect === 'rlm';
  switch (upper) {
    case 'LICENSE':
      ctx.dialect = 'rlm';
      return buildRlmGrant(ctx, lx, i, false);
    case 'FEATURE':
    case 'UPGRADE':
      ctx.dialect = dialect;
      return rlm ? buildRlmGrant(ctx, lx, i, upper === 'UPGRADE') : buildFlexGrant(ctx, lx, i, upper === 'UPGRADE');
    case 'INCREMENT':
      ctx.dialect = 'flexlm';
      return buildFlexGrant(ctx, lx, i, false);
  }
  const raw = lx.raw(i);
  switch (upper) {
    case 'PACKAGE':
      ctx.dialect = 'flexlm';
      return buildPackage(ctx, raw);
    case 'HOST':
      ctx.dialect = 'rlm';
      return buildHost(ctx, raw, true);
    case 'SERVER':
      ctx.dialect = dialect;
      return buildHost(ctx, raw, rlm);
    case 'ISV':
      ctx.dialect = 'rlm';
      return buildIsv(ctx, raw, true);
    case 'VENDOR':
    case 'DAEMON':
      ctx.dialect = dialect;
      return buildIsv(ctx, raw, rlm);
    case 'USE_SERVER':
      return buildUseServer(ctx, raw);
    case 'CUSTOMER':
      ctx.dialect = 'rlm';
      return buildCustomer(ctx, raw);
    default:
      return invalid(raw);
  }
}

function commentOrText(kind: 'comment' | 'text', raw: RawStatement, text: string): Statement {
  return {
    kind,
    keyword: '',
    start: raw.start,
    end: raw.end,
    line: raw.line,
    endLine: raw.endLine,
    text: text.slice(raw.keywordStart, raw.end),
  };
}

function unknownKeyword(ctx: BuildContext, raw: RawStatement, text: string): Statement {
  if (OBSOLETE_KEYWORDS.has(raw.upper)) {
    ctx.sink.warning(
      raw.keywordStart,
      'LIC_UNKNOWN_KEYWORD',
      `${raw.keyword} lines are obsolete; licutil ignores this one.`,
      'Current FlexLM servers ignore it too; you can delete it.',
    );
  } else {
    const meant = nearestKeyword(raw.keyword);
    ctx.sink.error(
      raw.keywordStart,
      'LIC_UNKNOWN_KEYWORD',
      `${raw.keyword} is not a license file keyword${meant !== null ? `; did you mean ${meant}?` : '.'} The line is ignored.`,
      meant !== null ? `Correct the keyword to ${meant}.` : 'Correct the keyword, or start the line with # to make it a comment.',
    );
  }
  return commentOrText('text', raw, text);
}

function reportLexIssue(sink: DiagnosticSink, text: string, issue: LexIssue): void {
  if (issue.code === 'LIC_UNTERMINATED_QUOTE') {
    const head = text.slice(issue.tokenStart, issue.offset);
    const eq = head.indexOf('=');
    const what = eq > 0 ? `the value of ${head.slice(0, eq)}` : 'a quoted value';
    const eof = issue.detail === 'end of file';
    sink.error(
      issue.offset,
      'LIC_UNTERMINATED_QUOTE',
      eof
        ? `The file ends inside ${what}: the quote opened here is never closed. The file looks cut off.`
        : `The quote opened here (${what}) is not closed before ${issue.detail}.`,
      eof
        ? 'Get a complete copy of the license file; the end of this license is missing.'
        : 'Add the closing " at the end of the value.',
    );
  } else {
    sink.warning(
      issue.offset,
      'LIC_DANGLING_CONTINUATION',
      `This line ends with \\ but ${issue.detail}, so nothing continues it.`,
      'Remove the \\, or put the rest of the statement on the next line.',
    );
  }
}

function checkServerCount(sink: DiagnosticSink, statements: Statement[], dialect: Dialect): void {
  const hosts = statements.filter((s) => s.kind === 'host');
  const n = hosts.length;
  if (dialect === 'flexlm' && (n === 2 || n > 3)) {
    sink.warning(
      (hosts[n === 2 ? 1 : 3] ?? hosts[0])?.start ?? 0,
      'LIC_SERVER_COUNT',
      `This file has ${n} SERVER lines; FlexLM takes one, or three for a redundant triad.`,
      'Keep one SERVER line, or three for redundant servers.',
    );
  } else if (dialect === 'rlm' && n > 1) {
    sink.warning(
      hosts[1]?.start ?? 0,
      'LIC_SERVER_COUNT',
      `This file has ${n} HOST lines; RLM takes one ("There is only one HOST line per license file").`,
      'Keep one HOST line per license file; put other servers in their own files.',
    );
  }
}

function lineEnding(text: string): '\n' | '\r\n' {
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
