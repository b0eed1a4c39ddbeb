// `lmutil lmstat -i` reads the license file, not the server, and prints one row
// per FEATURE/INCREMENT line. Versions of lmutil differ in the order of the last
// two columns, and "permanent(no expiration date)" holds spaces, so the header
// decides which end of the row is the vendor.
import { parseExpiryDate } from '../common/time.js';

export type InfoColumns = 'expires-vendor' | 'vendor-expires';

interface InfoRow {
  product: string;
  version: string;
  /** null for "uncounted" */
  count: number | null;
  isv: string;
  expiry_text: string;
  expires: string | null;
}

const HEADER = /^Feature\s+Version\s+#licenses\s+(Expires\s+Vendor|Vendor\s+Expires)\s*$/;
const ROW = /^(\S+)\s+(\S+)\s+(\S+)\s+(.+?)\s*$/;

export function parseInfoHeader(text: string): InfoColumns | null {
  const m = HEADER.exec(text);
  if (!m) return null;
  return (m[1] ?? '').startsWith('Expires') ? 'expires-vendor' : 'vendor-expires';
}

export function parseInfoRow(text: string, columns: InfoColumns, timeZone: string): InfoRow | null {
  const m = ROW.exec(text);
  if (!m) return null;
  const [, product = '', version = '', licenses = '', rest = ''] = m;
  let isv: string;
  let expiry: string;
  if (columns === 'expires-vendor') {
    const cut = rest.search(/\S+$/);
    isv = rest.slice(cut);
    expiry = rest.slice(0, cut).trim();
  } else {
    const cut = rest.search(/\s/);
    if (cut < 0) return null;
    isv = rest.slice(0, cut);
    expiry = rest.slice(cut).trim();
  }
  const expires = parseExpiryDate(expiry, timeZone);
  if (expires === undefined || expiry === '') return null;
  const count = /^\d+$/.test(licenses) ? Number(licenses) : /^uncounted$/i.test(licenses) ? null : NaN;
  if (Number.isNaN(count)) return null;
  return { product, version, count, isv, expiry_text: expiry, expires };
}
