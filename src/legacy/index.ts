// Legacy interoperability: FlexNet lmstat and RLM rlmstat text read into and
// written from licutil status documents, the vendors' error tables, and the
// vendor-tool runner. What `stat --from/--format`, lmdiag and explain use.
export { parseLmstat } from './lmstat/parse.js';
export { renderLmstat } from './lmstat/render.js';
export { parseRlmstat } from './rlmstat/parse.js';
export { renderRlmstat } from './rlmstat/render.js';
export { statusDigest, type DigestOptions, type StatusDigest } from './digest.js';
export { trailingErrorReference, type ErrorReference } from './vendor-errors.js';
export { isTimeZone } from './time.js';
export type { LegacyParseOptions, LegacyParseResult, LegacyRenderOptions, ParsedServer, ServerOutage, UnparsedLine, VendorErrorMention } from './types.js';
export {
  explainCode,
  nearestCodes,
  FLEXLM_ERRORS,
  RLM_ERRORS,
  type Dialect,
  type ErrorEntry,
  type ExplainOptions,
  type Explanation,
  type SystemError,
} from './error-tables/index.js';
