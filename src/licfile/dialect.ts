// RLM or FlexLM? FEATURE means "isv product" in one and "feature vendor" in the
// other, so the whole file is read one way, decided from what it contains
// (DESIGN.md "License files"). Unambiguous keywords and signature attributes
// are strong evidence; the case of attribute names and which FEATURE field
// names a declared ISV/VENDOR back them up when nothing stronger is there.
import { FLEXLM_KNOWN_ATTRIBUTES, RLM_LICENSE_ATTRIBUTES } from './attributes.js';
import type { DiagnosticSink } from './diagnostics.js';
import { FLEXLM_ONLY_KEYWORDS, RLM_ONLY_KEYWORDS } from './keywords.js';
import type { Lexed } from './lexer.js';
import type { Dialect, DialectDecision, ParseOptions } from './types.js';

interface Side {
  strong: number;
  weak: number;
  evidence: string[];
  /** where the first strong evidence is, for a diagnostic */
  firstOffset: number;
  seen: Set<string>;
}

const MAX_EVIDENCE = 6;
/** Enough statements to judge attribute habits without walking a huge file twice. */
const ATTRIBUTE_SAMPLE = 400;

function side(): Side {
  return { strong: 0, weak: 0, evidence: [], firstOffset: -1, seen: new Set() };
}

function note(s: Side, strong: boolean, what: string, line: number, offset: number): void {
  if (strong) s.strong++;
  else s.weak++;
  if (strong && s.firstOffset < 0) s.firstOffset = offset;
  if (!s.seen.has(what) && s.evidence.length < MAX_EVIDENCE) {
    s.seen.add(what);
    s.evidence.push(`${what} on line ${line}`);
  }
}

export function decideDialect(lx: Lexed, opts: ParseOptions, sink: DiagnosticSink): DialectDecision {
  if (opts.dialect !== undefined) {
    return { dialect: opts.dialect, confidence: 'override', evidence: [`chosen by the caller (${opts.dialect})`] };
  }
  const rlm = side();
  const flex = side();
  // the first FEATURE or UPGRADE line, which either dialect could have written
  let ambiguous = -1;

  for (let i = 0; i < lx.count; i++) {
    if (!lx.isKeyword(i) || !lx.known(i)) continue;
    const upper = lx.upper(i);
    if (RLM_ONLY_KEYWORDS.has(upper)) note(rlm, true, upper, lx.line(i), lx.keywordStart(i));
    else if (FLEXLM_ONLY_KEYWORDS.has(upper)) note(flex, true, upper, lx.line(i), lx.keywordStart(i));
    else if (ambiguous < 0 && (upper === 'FEATURE' || upper === 'UPGRADE')) ambiguous = i;
    if (lx.backslash(i)) note(flex, true, '\\ continuation', lx.line(i), lx.start(i));
  }

  if (rlm.strong === 0 || flex.strong === 0) scanAttributes(lx, rlm, flex);

  let dialect: Dialect;
  let confidence: DialectDecision['confidence'];
  if (rlm.strong > 0 && flex.strong > 0) {
    dialect = flex.strong > rlm.strong ? 'flexlm' : 'rlm';
    confidence = 'weak';
    const minority = dialect === 'rlm' ? flex : rlm;
    sink.warning(
      minority.firstOffset,
      'LIC_DIALECT_MIXED',
      `This file mixes RLM lines (${rlm.evidence.join(', ')}) and FlexLM lines (${flex.evidence.join(', ')}); ` +
        `it is read as ${name(dialect)}.`,
      'Keep RLM and FlexLM licenses in separate files; each license server reads only its own kind.',
    );
  } else if (rlm.strong > 0 || flex.strong > 0) {
    dialect = rlm.strong > 0 ? 'rlm' : 'flexlm';
    confidence = 'strong';
  } else {
    dialect = flex.weak > rlm.weak ? 'flexlm' : 'rlm';
    confidence = 'weak';
    if (ambiguous >= 0) {
      const what = rlm.weak + flex.weak === 0 ? 'nothing in the file tells' : 'only weak hints tell';
      const other: Dialect = dialect === 'rlm' ? 'flexlm' : 'rlm';
      sink.info(
        lx.keywordStart(ambiguous),
        'LIC_DIALECT_GUESSED',
        `${lx.upper(ambiguous)} lines are read as ${name(dialect)} (${order(dialect)}): ${what} whether this is an RLM or a FlexLM file.`,
        `If this is ${other === 'rlm' ? 'an RLM' : 'a FlexLM'} file, say so with --dialect ${other} (${order(other)}).`,
      );
    }
  }
  const evidence = [...(dialect === 'rlm' ? rlm.evidence : flex.evidence)];
  return { dialect, confidence, evidence };
}

function name(d: Dialect): string {
  return d === 'rlm' ? 'RLM' : 'FlexLM';
}

function order(d: Dialect): string {
  return d === 'rlm' ? 'isv then product' : 'feature then vendor';
}

function scanAttributes(lx: Lexed, rlm: Side, flex: Side): void {
  const table = lx.tokens;
  const declared = new Set<string>();
  for (let i = 0; i < lx.count; i++) {
    if (!lx.isKeyword(i)) continue;
    const upper = lx.upper(i);
    if ((upper === 'ISV' || upper === 'VENDOR' || upper === 'DAEMON') && lx.tn(i) > 0) {
      declared.add(table.wordText(lx.t0(i)).toLowerCase());
    }
  }
  let sampled = 0;
  for (let i = 0; i < lx.count; i++) {
    if (!lx.isKeyword(i) || !lx.known(i)) continue;
    if (++sampled > ATTRIBUTE_SAMPLE) break;
    const upper = lx.upper(i);
    const t0 = lx.t0(i);
    const n = lx.tn(i);
    if ((upper === 'FEATURE' || upper === 'UPGRADE') && declared.size > 0) {
      const a = n > 0 ? table.wordText(t0).toLowerCase() : undefined;
      const b = n > 1 ? table.wordText(t0 + 1).toLowerCase() : undefined;
      if (b !== undefined && declared.has(b) && !(a !== undefined && declared.has(a))) {
        note(flex, true, `${upper} naming VENDOR ${b} second`, lx.line(i), lx.keywordStart(i));
      } else if (a !== undefined && declared.has(a) && !(b !== undefined && declared.has(b))) {
        note(rlm, true, `${upper} naming ISV ${a} first`, lx.line(i), lx.keywordStart(i));
      }
    }
    for (let j = t0; j < t0 + n; j++) {
      // the lexer's `=` is the first one before any quote, as an attribute's
      if (table.eq(j) <= 0) continue;
      const key = table.written(j);
      const lower = key.toLowerCase();
      const line = table.line(j);
      const at = table.start(j);
      if (lower === 'sig' || lower === '_ck') note(rlm, true, `${key}=`, line, at);
      else if (lower === 'sign' || lower === 'sign2' || lower === 'vendor_string') note(flex, true, `${key}=`, line, at);
      else if (key === lower && RLM_LICENSE_ATTRIBUTES.has(lower)) note(rlm, false, 'lower-case attributes', line, at);
      else if (key === key.toUpperCase() && FLEXLM_KNOWN_ATTRIBUTES.has(lower)) {
        note(flex, false, 'upper-case attributes', line, at);
      }
    }
  }
}
