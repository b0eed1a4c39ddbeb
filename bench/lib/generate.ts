// Large license files for the reading benchmark, and the same licenses as JSON.
// Each license takes two physical lines (a long signature goes on its own line,
// as vendors write them), so 49,999 licenses and a two-line header make exactly
// 100,000 lines of about 10 MB.

export interface GeneratedLicense {
  keyword: string;
  isv: string;
  product: string;
  version: string;
  expires: string;
  count: string;
  attrs: Record<string, string>;
}

export interface Generated {
  text: string;
  json: string;
  lines: number;
  licenses: number;
}

const LICENSES = 49_999;

/** Deterministic pseudo-random base32 text, so every run reads the same bytes. */
function sigText(seed: number, len: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let x = (seed * 2654435761) >>> 0 || 1;
  let s = '';
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    s += alphabet[x & 31];
  }
  return s;
}

function dateOf(i: number): string {
  const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  return `${(i % 28) + 1}-${months[i % 12]}-${2027 + (i % 5)}`;
}

function finish(header: string[], body: string[], licenses: GeneratedLicense[]): Generated {
  const text = `${[...header, ...body].join('\n')}\n`;
  return { text, json: JSON.stringify(licenses), lines: header.length + body.length, licenses: licenses.length };
}

export function generateRlm(): Generated {
  const header = ['HOST licserver 0a1b2c3d4e5f 5053', 'ISV acme'];
  const body: string[] = [];
  const licenses: GeneratedLicense[] = [];
  for (let i = 0; i < LICENSES; i++) {
    const l: GeneratedLicense = {
      keyword: 'LICENSE',
      isv: 'acme',
      product: `prod${String(i).padStart(5, '0')}`,
      version: `${(i % 9) + 1}.${i % 10}`,
      expires: i % 7 === 0 ? 'permanent' : dateOf(i),
      count: String((i % 50) + 1),
      attrs: {
        share: 'uh',
        hold: String((i % 60) + 1),
        issued: '1-jan-2026',
        customer: `"Customer ${i % 1000}"`,
        _id: String(i + 1),
        sig: `"${sigText(i + 1, 84)}"`,
      },
    };
    licenses.push({ ...l, attrs: { ...l.attrs, customer: `Customer ${i % 1000}`, sig: sigText(i + 1, 84) } });
    const a = l.attrs;
    body.push(`LICENSE ${l.isv} ${l.product} ${l.version} ${l.expires} ${l.count} share=${a.share} hold=${a.hold} issued=${a.issued} customer=${a.customer} _id=${a._id}`);
    body.push(`    sig=${a.sig}`);
  }
  return finish(header, body, licenses);
}

export function generateFlexlm(): Generated {
  const header = ['SERVER licserver 0a1b2c3d4e5f 27000', 'VENDOR acme'];
  const body: string[] = [];
  const licenses: GeneratedLicense[] = [];
  for (let i = 0; i < LICENSES; i++) {
    const sign = sigText(i + 7, 60).replace(/(.{4})(?!$)/g, '$1 ');
    const l: GeneratedLicense = {
      keyword: 'INCREMENT',
      isv: 'acme',
      product: `feat${String(i).padStart(5, '0')}`,
      version: `${(i % 9) + 1}.${i % 10}`,
      expires: i % 7 === 0 ? 'permanent' : dateOf(i),
      count: String((i % 50) + 1),
      attrs: { VENDOR_STRING: `site=${i % 1000}`, ISSUED: '1-jan-2026', SN: String(100000 + i), SIGN: sign },
    };
    licenses.push(l);
    const a = l.attrs;
    body.push(`INCREMENT ${l.product} ${l.isv} ${l.version} ${l.expires} ${l.count} VENDOR_STRING="${a.VENDOR_STRING}" ISSUED=${a.ISSUED} SN=${a.SN} \\`);
    body.push(`\tSIGN="${a.SIGN}"`);
  }
  return finish(header, body, licenses);
}
