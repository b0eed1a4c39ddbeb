// Shared by the licfile tests: where the sample files are, and reading them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { decodeLicenseBytes, parseLicense } from '../../../src/licfile/index.js';
import type { Diagnostic, LicenseDocument, ParseOptions } from '../../../src/licfile/types.js';
import { OWN_FIXTURES, corpusPath, corpusPresent } from '../../helpers/corpus.js';

/** The real-world license files (only when the corpus is present). */
export const FIXTURE_DIR = corpusPath('licenses');

export const FIXTURE_FILES: string[] = corpusPresent ? licFiles(FIXTURE_DIR) : [];

/** License files of our own, written for the tests that must always run. */
export const OWN_LICENSE_DIR = path.join(OWN_FIXTURES, 'licenses');

function licFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.lic'))
    .sort();
}

export interface Sample {
  name: string;
  text: string;
}

/** Our own license files, then the real-world ones when present: material for the property tests. */
export function sampleTexts(): Sample[] {
  const own = licFiles(OWN_LICENSE_DIR).map((name) => ({ name, text: decodeLicenseBytes(readFileSync(path.join(OWN_LICENSE_DIR, name))) }));
  return [...own, ...FIXTURE_FILES.map((name) => ({ name, text: fixtureText(name) }))];
}

/** One of our own license files (test/fixtures/licenses), read. */
export function readOwn(name: string): LicenseDocument {
  return parseLicense(decodeLicenseBytes(readFileSync(path.join(OWN_LICENSE_DIR, name))), name);
}

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
