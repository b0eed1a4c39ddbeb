// RLM or FlexLM? FEATURE means "isv product" in one and "feature vendor" in the
// other, so the whole file is read one way, decided from what it contains
// (DESIGN.md "License files"). Unambiguous keywords and signature attributes
// are strong evidence; the case of attribute names and which FEATURE field
// names a declared ISV/VENDOR back them up when nothing stronger is there.
import { FLEXLM_KNOWN_ATTRIBUTES, RLM_LICENSE_ATTRIBUTES } from './attributes.js';
import type { DiagnosticSink } from './diagnostics.js';
import { FLEXLM_ONLY_KEYWORDS, RLM_ONLY_KEYWORDS } from './keywords.js';
import type { RawStatement } from './lexer.js';
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

export function decideDialect(raws: RawStatement[], opts: ParseOptions, sink: DiagnosticSink): DialectDecision {
  if (opts.dialect !== undefined) {
    return { dialect: opts.dialect, confidence: 'override', evidence: [`chosen by the caller (${opts.dialect})`] };
  }
  const rlm = side();
  const flex = side();
  let ambiguous: RawStatement | null = null;

  for (const r of raws) {
    if (r.type !== 'keyword' || !r.known) continue;
    if (RLM_ONLY_KEYWORDS.has(r.upper)) note(rlm, true, r.upper, r.line, r.keywordStart);
    else if (FLEXLM_ONLY_KEYWORDS.has(r.upper)) note(flex, true, r.upper, r.line, r.keywordStart);
    else if (ambiguous === null && (r.upper === 'FEATURE' || r.upper === 'UPGRADE')) ambiguous = r;
    if (r.backslash) note(flex, true, '\\ continuation', r.line, r.start);
  }

  if (rlm.strong === 0 || flex.strong === 0) scanAttributes(raws, rlm, flex);

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
    if (ambiguous !== null) {
      const what = rlm.weak + flex.weak === 0 ? 'nothing in the file tells' : 'only weak hints tell';
      const other: Dialect = dialect === 'rlm' ? 'flexlm' : 'rlm';
      sink.info(
        ambiguous.keywordStart,
        'LIC_DIALECT_GUESSED',
        `${ambiguous.upper} lines are read as ${name(dialect)} (${order(dialect)}): ${what} whether this is an RLM or a FlexLM file.`,
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

function scanAttributes(raws: RawStatement[], rlm: Side, flex: Side): void {
  const declared = new Set<string>();
  for (const r of raws) {
    if (r.type === 'keyword' && (r.upper === 'ISV' || r.upper === 'VENDOR' || r.upper === 'DAEMON')) {
      const t = r.tokens[0];
      if (t !== undefined) declared.add(t.text.toLowerCase());
    }
  }
  let sampled = 0;
  for (const r of raws) {
    if (r.type !== 'keyword' || !r.known) continue;
    if (++sampled > ATTRIBUTE_SAMPLE) break;
    if ((r.upper === 'FEATURE' || r.upper === 'UPGRADE') && declared.size > 0) {
      const a = r.tokens[0]?.text.toLowerCase();
      const b = r.tokens[1]?.text.toLowerCase();
      if (b !== undefined && declared.has(b) && !(a !== undefined && declared.has(a))) {
        note(flex, true, `${r.upper} naming VENDOR ${b} second`, r.line, r.keywordStart);
      } else if (a !== undefined && declared.has(a) && !(b !== undefined && declared.has(b))) {
        note(rlm, true, `${r.upper} naming ISV ${a} first`, r.line, r.keywordStart);
      }
    }
    for (const t of r.tokens) {
      const eq = t.raw.indexOf('=');
      if (eq <= 0) continue;
      const q = t.raw.indexOf('"');
      if (q >= 0 && q < eq) continue;
      const key = t.raw.slice(0, eq);
      const lower = key.toLowerCase();
      if (lower === 'sig' || lower === '_ck') note(rlm, true, `${key}=`, t.line, t.start);
      else if (lower === 'sign' || lower === 'sign2' || lower === 'vendor_string') note(flex, true, `${key}=`, t.line, t.start);
      else if (key === lower && RLM_LICENSE_ATTRIBUTES.has(lower)) note(rlm, false, 'lower-case attributes', t.line, t.start);
      else if (key === key.toUpperCase() && FLEXLM_KNOWN_ATTRIBUTES.has(lower)) {
        note(flex, false, 'upper-case attributes', t.line, t.start);
      }
    }
  }
}
