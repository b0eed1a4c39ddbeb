// What every statement builder and value check is handed: where diagnostics go
// and which dialect's rules apply. Its own file so that checks.ts, fields.ts
// and grant.ts can all name it without importing one another in a circle.
import type { DiagnosticSink } from './diagnostics.js';
import type { Dialect } from './types.js';

export interface BuildContext {
  sink: DiagnosticSink;
  dialect: Dialect;
}
