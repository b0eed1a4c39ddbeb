// Shared by the licfile tests: where the real files are, and reading them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { decodeLicenseBytes, parseLicense } from '../../../src/licfile/index.js';
import type { Diagnostic, LicenseDocument, ParseOptions } from '../../../src/licfile/types.js';
import { ROOT } from '../../helpers/cli.js';

export const FIXTURE_DIR = path.resolve(ROOT, '../shared/fixtures/licenses');

export const FIXTURE_FILES: string[] = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.lic'))
  .sort();

export function fixtureText(name: string): string {
  return decodeLicenseBytes(readFileSync(path.join(FIXTURE_DIR, name)));
}

export function readFixture(name: string): LicenseDocument {
  return parseLicense(fixtureText(name), name);
}

export function parse(text: string, opts?: ParseOptions): LicenseDocument {
  return parseLicense(text, 'test.lic', opts);
}

/** code@line:column of every diagnostic of at least warning severity. */
export function codes(doc: LicenseDocument, severities: Diagnostic['severity'][] = ['error', 'warning']): string[] {
  return doc.diagnostics.filter((d) => severities.includes(d.severity)).map((d) => `${d.code}@${d.line}:${d.column}`);
}
