// Builds License records from one-line descriptions, so the model's tests do
// not depend on the reader: `lic('LICENSE reprise write 1.0 permanent 5 share=u hostid="a b"')`.
import type { HostFacts } from '../../../src/hostid/types.js';
import type { Attribute, Dialect, LicenseStatement, Token, UpgradeStatement } from '../../../src/licfile/types.js';
import { isoOf } from '../../../src/licfile/dates.js';
import { parseCount, type License, type ServerAddress } from '../../../src/licmodel/license.js';

export interface LicOptions {
  file?: string;
  fileIndex?: number;
  line?: number;
  order?: number;
  dialect?: Dialect;
  serverHostids?: string[];
  serverAddresses?: ServerAddress[];
  isvPassword?: string | null;
  useServer?: boolean;
}

function words(text: string): string[] {
  return text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

function token(text: string): Token {
  return { text: text.replace(/"/g, ''), raw: text, start: 0, end: text.length, line: 1, column: 1, quoted: text.includes('"') };
}

let counter = 0;

export function lic(spec: string, o: LicOptions = {}): License {
  const [keyword = 'LICENSE', ...rest] = words(spec);
  const kind = keyword.toUpperCase() === 'UPGRADE' ? 'upgrade' : 'license';
  const npos = kind === 'upgrade' ? 6 : 5;
  const pos = rest.slice(0, npos);
  const attrWords = rest.slice(npos);
  const attrs: Attribute[] = attrWords.map((w) => {
    const eq = w.indexOf('=');
    const key = eq < 0 ? w : w.slice(0, eq);
    const value = eq < 0 ? null : w.slice(eq + 1).replace(/^"|"$/g, '');
    return { key, name: key.toLowerCase(), value, token: token(w), valueToken: value === null ? null : token(value) };
  });
  const line = o.line ?? ++counter;
  const baseStmt = { start: 0, end: spec.length, line, endLine: line, keyword, tokens: rest.map(token), attrs, key: null };
  const [first = 'isv', second = 'p', a = '1.0', b = 'permanent', c = '1', d = '1'] = pos;
  // FlexLM writes "FEATURE feature vendor ..."
  const flexlm = o.dialect === 'flexlm';
  const isv = flexlm ? second : first;
  const product = flexlm ? first : second;
  const statement: LicenseStatement | UpgradeStatement =
    kind === 'upgrade'
      ? { ...baseStmt, kind: 'upgrade', isv, product, fromVersion: a, version: b, expires: c, count: d }
      : { ...baseStmt, kind: 'license', isv, product, version: a, expires: b, count: c };
  const map = new Map<string, string | null>();
  for (const at of attrs) if (!map.has(at.name)) map.set(at.name, at.value);
  const own = map.get('_password');
  const isvPassword = o.isvPassword ?? null;
  const id = map.get('_id');
  return {
    kind,
    dialect: o.dialect ?? 'rlm',
    isv: statement.isv,
    product: statement.product,
    version: statement.version,
    fromVersion: statement.kind === 'upgrade' ? statement.fromVersion : null,
    expires: statement.expires,
    expiresIso: isoOf(statement.expires),
    count: parseCount(statement.count) ?? 'uncounted',
    countRaw: statement.count,
    attrs: map,
    hostid: map.get('hostid') ?? null,
    serverHostids: o.serverHostids ?? [],
    serverAddresses: o.serverAddresses ?? [],
    useServer: o.useServer ?? false,
    isvPassword,
    password: own !== undefined && own !== null ? own : isvPassword,
    id: id !== undefined && id !== null ? Number(id) : 0,
    file: o.file ?? 'test.lic',
    fileIndex: o.fileIndex ?? 0,
    line,
    order: o.order ?? line,
    statement,
    defects: [],
    upgradedBy: null,
    baseVersion: null,
  };
}

/** Several licenses of one file, numbered by line in the order given. */
export function file(specs: string[], o: LicOptions = {}): License[] {
  return specs.map((s, i) => lic(s, { ...o, line: i + 1, order: i }));
}

export function host(over: Partial<HostFacts> = {}): HostFacts {
  return {
    hostname: 'melody',
    ethernet: ['0090f5df5600'],
    ip: ['172.16.7.3'],
    user: 'joe',
    platform: 'x64_l',
    timezoneOffsetMinutes: 0,
    virtualMachine: false,
    virtualMachineEvidence: null,
    terminalServer: false,
    diskSerials: [],
    ...over,
  };
}
