// Legacy interoperability: FlexNet lmstat and RLM rlmstat text read into and
// written from licutil status documents, the vendors' error tables, and the
// vendor-tool runner. What `stat --from/--format`, lmdiag and explain use.
export { parseLmstat } from './lmstat/parse.js';
export { renderLmstat } from './lmstat/render.js';
export { parseRlmstat } from './rlmstat/parse.js';
export { renderRlmstat } from './rlmstat/render.js';
export { isTimeZone } from './common/time.js';
export type { LegacyParseResult, ServerOutage } from './common/types.js';

