// Reading a hostid spec: one hostid or a space-separated list, in either dialect
// (RLM `hostid="ip=172.16.7.200 12345678 rlmid1=83561095 user=joe"`, FlexLM
// `HOSTID="0090f5df5600 INTERNET=10.1.*.*"`), into classified elements. Pure.

/** What kind of identity a hostid names. Unknown `KEY=value` forms keep their key, lower-cased. */
export type HostidForm =
  | 'any'
  | 'demo'
  | 'serial'
  | 'ethernet'
  | 'ip'
  | 'host'
  | 'user'
  | 'disk'
  | 'hostid32'
  | 'rlmid'
  | 'uuid'
  | 'flexid'
  | 'id'
  | 'display'
  | 'composite'
  | 'unknown'
  | (string & {});

export interface HostidElement {
  /** the element as written */
  text: string;
  form: HostidForm;
  /** the value without its `key=`; ethernet addresses lower-case without separators */
  value: string;
  /** the `key` of `key=value` as written, or null for bare forms (ethernet, 32-bit, ANY) */
  keyword: string | null;
}

// Keywords of both dialects, lower-cased (seed 002 "RLM Host IDs"; FlexLM HOSTID= types).
const KEYWORD_FORMS: Readonly<Record<string, HostidForm>> = {
  ip: 'ip',
  internet: 'ip',
  host: 'host',
  hostname: 'host',
  user: 'user',
  ether: 'ethernet',
  disksn: 'disk',
  disk_serial_num: 'disk',
  sn: 'serial',
  rlmid: 'rlmid',
  rlmid1: 'rlmid',
  rlmid2: 'rlmid',
  uuid: 'uuid',
  vm_uuid: 'uuid',
  flexid: 'flexid',
  id: 'id',
  display: 'display',
  composite: 'composite',
};

const ETHERNET = /^[0-9a-f]{2}(?:[-:]?[0-9a-f]{2}){5}$/i;
const HOSTID32 = /^(?:0x)?[0-9a-f]{8}$/i;

// Typographic quotes turn up when licenses are pasted from vendor documents.
const QUOTES = /^["'\u201c\u201d]+|["'\u201c\u201d]+$/g;

/** Lower-case hex without `-`/`:` separators; other text unchanged but lower-cased. */
function normalizeEthernet(text: string): string {
  return text.replace(/[-:]/g, '').toLowerCase();
}

/**
 * The elements of a hostid spec. Accepts the bare value (`"a b"`, with or without
 * quotes) and also the whole attribute (`hostid="a b"`, `HOSTID=a`), since callers
 * sometimes hand over what they read.
 */
function splitHostidList(spec: string): string[] {
  let s = spec.trim();
  const attr = /^hostid\s*=\s*/i.exec(s);
  if (attr) s = s.slice(attr[0].length);
  return s
    .split(/\s+/)
    .map((t) => t.replace(QUOTES, ''))
    .filter((t) => t !== '');
}

export function classifyHostid(text: string): HostidElement {
  const lower = text.toLowerCase();
  if (lower === 'any') return { text, form: 'any', value: text, keyword: null };
  if (lower === 'demo') return { text, form: 'demo', value: text, keyword: null };
  const eq = text.indexOf('=');
  if (eq > 0) {
    const keyword = text.slice(0, eq);
    const value = text.slice(eq + 1);
    const key = keyword.toLowerCase();
    const form = KEYWORD_FORMS[key] ?? key;
    return { text, form, value: form === 'ethernet' ? normalizeEthernet(value) : value, keyword };
  }
  if (ETHERNET.test(text)) return { text, form: 'ethernet', value: normalizeEthernet(text), keyword: null };
  if (HOSTID32.test(text)) return { text, form: 'hostid32', value: lower.replace(/^0x/, ''), keyword: null };
  return { text, form: 'unknown', value: text, keyword: null };
}

export function parseHostidSpec(spec: string): HostidElement[] {
  return splitHostidList(spec).map(classifyHostid);
}

/** Each hostid of a spec, as its form and bare value, for display. */
export function describeHostid(spec: string): Array<{ form: string; value: string }> {
  return parseHostidSpec(spec).map((e) => ({ form: e.form, value: e.value }));
}

/** How a hostid of this form is written in a license (`ip=10.0.0.1`, `0090f5df5600`). */
export function hostidText(form: HostidForm, value: string): string {
  switch (form) {
    case 'ethernet':
    case 'hostid32':
      return value;
    case 'any':
    case 'demo':
      return form.toUpperCase();
    case 'host':
    case 'ip':
    case 'user':
      return `${form}=${value}`;
    case 'disk':
      return `disksn=${value}`;
    default:
      return `${form}=${value}`;
  }
}
