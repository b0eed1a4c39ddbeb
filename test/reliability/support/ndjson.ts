// The server's NDJSON logs (report.ndjson, denials.ndjson and their
// rotations) as the attack tests read them back: one object per line.
import { readFileSync } from 'node:fs';

export type Line = Record<string, unknown>;

export function ndjsonLines(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}
