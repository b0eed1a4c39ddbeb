// The lmstat reader's state and the steps that create servers, pools and
// nodes, shared by the line handlers in parse.ts.
import type { PoolInfo, PoolLicenseInfo } from '../../protocol/messages.js';
import { emptyPool, emptyServer, poolId } from '../common/build.js';
import type { LegacyParseResult, ParsedServer } from '../common/types.js';
import { trailingErrorReference } from '../common/vendor-errors.js';
import type { InfoColumns } from './info.js';

type Section = 'top' | 'nodes' | 'daemons' | 'features' | 'info';

export interface Reader {
  result: LegacyParseResult;
  timeZone: string;
  ref: { year: number; month: number; day: number } | null;
  generatedText: string | undefined;
  server: ParsedServer | null;
  section: Section;
  daemonHost: string;
  pool: PoolInfo | null;
  license: PoolLicenseInfo | null;
  info: InfoColumns | null;
}

export const RE = {
  banner: /^(lmutil|lmstat) - (.*)$/,
  toolVersion: /^lmstat(?: (v\S+.*))?$/,
  statusOn: /^Flexible License Manager status on (\w{3} (\d{1,2})\/(\d{1,2})\/(\d{4}) \d{1,2}:\d{2})\s*$/,
  detecting: /^\[Detecting lmgrd processes\.\.\.\]$/,
  serverStatus: /^License server status: (.*)$/,
  files: /^\s*License file\(s\) on ([^:]+): (.*):\s*$/,
  nodeUp: /^\s*(\S+): license server UP( \(MASTER\))?(?: v(\S+))?\s*$/,
  nodeDown: /^\s*(\S+): license server DOWN\b(.*)$/,
  lmgrdDown: /^\s*(lmgrd is not running|Error getting status): (.*)$/,
  daemonsOn: /^\s*Vendor daemon status \(on ([^)]*)\):\s*$/,
  daemonUp: /^\s*(\S+): UP(?: v(\S+))?(.*)$/,
  daemonDown: /^\s*(\S+): DOWN\b(.*)$/,
  hostMessage: /^\s*(\S+): (.+)$/,
  featureUsage: /^\s*Feature usage info:\s*$/,
  servedBy: /^\s*Users of features served by (\S+):\s*$/,
  users: /^Users of (.+?):\s+\(Total of (\d+) licenses? issued;\s*Total of (\d+) licenses? in use\)\s*$/,
  uncounted: /^Users of (.+?):\s+\(Uncounted, node-locked\)\s*$/,
  usersOther: /^Users of (.+?):\s+(.+)$/,
  header: /^\s*"([^"]+)" v(\S+?), vendor: ([^,\s]+)(?:, expiry: (.+?))?\s*$/,
  vendorString: /^\s*vendor_string:\s?(.*)$/,
  licenseType: /^\s*((?:uncounted\s+)?(?:floating|nodelocked|node-locked|counted)\b.*\blicense\b.*)$/i,
  reservation: /^\s*(\d+) RESERVATIONs? for (\S+) (.+?) \(([^()]*)\)\s*$/,
  note: /^(NOTE: lmstat -i does not give information from the server,|\s+but only reads the license file\.\s+For this reason,|\s+lmstat -a is recommended instead\.)\s*$/,
};

export function newServer(r: Reader, format: 'lmstat' | 'lmstat-i'): ParsedServer {
  const s = emptyServer(format);
  if (r.generatedText !== undefined) s.server.source.generated_text = r.generatedText;
  if (r.result.tool?.version !== undefined) s.server.source.tool_version = r.result.tool.version;
  r.result.servers.push(s);
  r.server = s;
  r.pool = null;
  r.license = null;
  return s;
}

export function currentServer(r: Reader): ParsedServer {
  return r.server ?? newServer(r, r.section === 'info' ? 'lmstat-i' : 'lmstat');
}

export function startPool(r: Reader, product: string, count: number, inUse: number): PoolInfo {
  const s = currentServer(r);
  const p = emptyPool(poolId(s, product), product, '', count, inUse);
  s.pools.push(p);
  r.pool = p;
  r.license = null;
  r.section = 'features';
  return p;
}

export function noteError(r: Reader, line: number, text: string, subject?: string): ReturnType<typeof trailingErrorReference> {
  const ref = trailingErrorReference(text);
  const mention = ref
    ? { line, code: ref.code, message: ref.message, ...(ref.system_text !== undefined ? { system_text: ref.system_text } : {}) }
    : { line, code: '', message: text.trim() };
  r.result.errors.push(subject !== undefined ? { ...mention, subject } : mention);
  return ref;
}

// The "License server status:" list of each server, kept beside the document (not part of it).
export const serverSpecs = new WeakMap<ParsedServer, Array<{ host: string; port: number | null }>>();

/** The port the "License server status:" list gives a host. */
function specPort(s: ParsedServer, host: string): number | null {
  return (serverSpecs.get(s) ?? []).find((x) => x.host.toLowerCase() === host.toLowerCase())?.port ?? null;
}

export function addNode(
  r: Reader,
  host: string,
  status: 'up' | 'down',
  extra: { master?: boolean; version?: string; error?: string; message?: string },
): void {
  const s = currentServer(r);
  const port = specPort(s, host);
  s.server.nodes = [...(s.server.nodes ?? []), { host, port, status, ...extra }];
  // The master node is the one clients are served by: it names the server.
  if (extra.master) {
    s.server.host = host;
    s.server.port = port ?? s.server.port;
    if (extra.version !== undefined) s.server.version = extra.version;
  } else if (s.server.version === '' && status === 'up' && extra.version !== undefined) {
    s.server.version = extra.version;
  }
}
