// Writing license text: quoting values the way both readers read them back, and
// formatting a whole grant (for tests, demo files and the signer).
import { LicutilError } from '../protocol/errors.js';
import { FLEXLM_KNOWN_ATTRIBUTES, RLM_LICENSE_ATTRIBUTES } from './attributes.js';
import type { Dialect } from './types.js';

export interface GrantFields {
  kind: 'license' | 'upgrade';
  /** defaults: LICENSE / UPGRADE for RLM, INCREMENT / UPGRADE for FlexLM */
  keyword?: string;
  isv: string;
  product: string;
  fromVersion?: string;
  version: string;
  expires: string;
  count: string;
  attrs: Array<[string, string | null]>;
}

/**
 * A value as it must be written: quoted when it is empty, holds white space or
 * ends with a backslash (which would read as a FlexLM continuation). Neither
 * dialect can escape a double quote or keep a line break safely, so those throw.
 */
function quoteValue(value: string, force = false): string {
  if (value.includes('"') || value.includes('\n') || value.includes('\r')) {
    throw new LicutilError(
      'LICUTIL_E_LICENSE_SYNTAX',
      `The value ${JSON.stringify(value)} cannot be written in a license file: it holds a double quote or a line break.`,
      'License files have no escape for " or line breaks; remove them from the value.',
    );
  }
  const needs = force || value === '' || /\s/.test(value) || value.endsWith('\\');
  return needs ? `"${value}"` : value;
}

/** `key=value`, or the bare key for a flag. */
export function formatAttribute(key: string, value: string | null, force = false): string {
  checkWord(key, 'attribute keyword');
  return value === null ? key : `${key}=${quoteValue(value, force)}`;
}

function checkWord(word: string, what: string): void {
  if (word === '' || /[\s"=#]/.test(word) || word.endsWith('\\')) {
    throw new LicutilError(
      'LICUTIL_E_LICENSE_SYNTAX',
      `The ${what} ${JSON.stringify(word)} cannot be written as a license file field.`,
      `A ${what} must be one word without spaces, quotes, = or #.`,
    );
  }
}

/** One statement's text (no line break): positional fields in the dialect's order, then the attributes. */
export function formatGrant(fields: GrantFields, dialect: Dialect): string {
  const upgrade = fields.kind === 'upgrade';
  const keyword = fields.keyword ?? (upgrade ? 'UPGRADE' : dialect === 'rlm' ? 'LICENSE' : 'INCREMENT');
  const names = dialect === 'rlm' ? [fields.isv, fields.product] : [fields.product, fields.isv];
  if (upgrade && fields.fromVersion === undefined) {
    throw new LicutilError('LICUTIL_E_LICENSE_SYNTAX', 'An UPGRADE needs a from-version.', 'Pass fromVersion.');
  }
  const versions = upgrade ? [fields.fromVersion ?? '', fields.version] : [fields.version];
  const positional = [keyword, ...names, ...versions, fields.expires, fields.count];
  const labels = ['keyword', 'name', 'name', ...versions.map(() => 'version'), 'expiration date', 'count'];
  positional.forEach((w, i) => checkWord(w, labels[i] ?? 'field'));
  const first = fields.attrs[0];
  if (first !== undefined && first[1] === null && !knownAttribute(first[0], dialect)) {
    throw new LicutilError(
      'LICUTIL_E_LICENSE_SYNTAX',
      `The bare word ${first[0]} right after the count would be read as the license key.`,
      'Give it a value, or put a keyword=value attribute before it.',
    );
  }
  return [...positional, ...fields.attrs.map(([k, v]) => formatAttribute(k, v))].join(' ');
}

function knownAttribute(key: string, dialect: Dialect): boolean {
  const name = key.toLowerCase();
  return dialect === 'rlm' ? RLM_LICENSE_ATTRIBUTES.has(name) : FLEXLM_KNOWN_ATTRIBUTES.has(name);
}
