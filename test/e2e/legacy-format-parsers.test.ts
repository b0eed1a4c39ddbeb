// `stat --format lmstat|rlmstat` read by parsers that require the row shapes
// of real lmstat and rlmutil (issue 16). The parsers below are written here,
// modelled on the patterns two public consumers of that text use: the
// Prometheus flexlm_exporter (collector/regexp.go) and the lm-agent of
// omnivector's license-manager (lm_agent/parsing/flexlm.py and rlm.py):
// digits for lmstat's handle, host names of [\w.-], "(vX.Y)", "start Wd M/D H:MM",
// ", N licenses"; rlmstat's "product vX.Y" and "user@host N/M at MM/DD hh:mm".
// Every count and every user row they capture must agree with `stat --json`,
// and the handle they capture must be what `licutil remove` takes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, startServer, type ServerHandle } from '../helpers/server.js';
import { at, grab } from './net-support.js';

interface CheckoutJson {
  handle: string;
  id?: number;
  user: string;
  host: string;
  requested_version: string | null;
  version: string;
  count: number;
  since: string;
}
interface WaiterJson {
  id?: number;
  user: string;
  host: string;
  requested_version: string | null;
  count: number;
}
interface StatJson {
  servers: Array<{
    server: { host: string; port: number } | null;
    pools: Array<{ product: string; version: string; count: number; in_use: number; checkouts: CheckoutJson[] }>;
    queues: Array<{ product: string; waiters: WaiterJson[] }>;
  }>;
}

// ---- an lmstat consumer ------------------------------------------------------

const LM = {
  usersOf: /^Users of (?<name>.*):\s+\(Total of (?<issued>\d+) \w+ issued;\s+Total of (?<used>\d+) \w+ in use\)$/,
  node: /^(?<fqdn>[\w.-]+): license server (?<status>\w+)(?<master> \(MASTER\))? (?<version>v[\d.]+)$/,
  vendor: /^\s+(?<vendor>\w+): (?<status>UP|DOWN) (?<version>v[\d.]+)$/,
  usage:
    /^\s+(?<user>\S+) (?<host>[\w.-]+) (?<display>\S+) \(v(?<version>[\w.]+)\) \((?<server>[\w.-]+)\/(?<port>\d+) (?<handle>\d+)\), start (?<weekday>\w+) (?<month>\d+)\/(?<day>\d+) (?<hour>\d+):(?<minute>\d+)(?:, (?<count>\d+) licenses)?$/,
  queued: /^\s+(?<user>\S+) (?<host>[\w.-]+) (?<display>\S+) [0-9.]+ \(v(?<version>[\w.]+)\) \((?<server>[\w.-]+)\/(?<port>\d+) (?<handle>\d+)\)\s+queued for (?<count>\d+) licenses?$/,
};

interface LmRow {
  feature: string;
  user: string;
  host: string;
  display: string;
  version: string;
  server: string;
  port: number;
  handle: string;
  start: string;
  count: number;
}

interface LmParsed {
  features: Array<{ name: string; issued: number; used: number }>;
  nodes: string[];
  vendors: string[];
  rows: LmRow[];
  queued: LmRow[];
  /** lines that look like user rows (", start " or "queued for") but that the patterns refuse */
  refused: string[];
}

function parseLikeExporters(text: string): LmParsed {
  const out: LmParsed = { features: [], nodes: [], vendors: [], rows: [], queued: [], refused: [] };
  let feature = '';
  for (const line of text.split('\n')) {
    const g = (re: RegExp) => re.exec(line)?.groups;
    let m = g(LM.usersOf);
    if (m) {
      feature = m.name ?? '';
      out.features.push({ name: feature, issued: Number(m.issued), used: Number(m.used) });
      continue;
    }
    if ((m = g(LM.node))) {
      out.nodes.push(`${m.fqdn} ${m.status}`);
      continue;
    }
    if ((m = g(LM.vendor))) {
      out.vendors.push(`${m.vendor} ${m.status}`);
      continue;
    }
    const usage = g(LM.usage);
    const queued = usage ? undefined : g(LM.queued);
    const r = usage ?? queued;
    if (r) {
      const row: LmRow = {
        feature,
        user: r.user ?? '',
        host: r.host ?? '',
        display: r.display ?? '',
        version: r.version ?? '',
        server: r.server ?? '',
        port: Number(r.port),
        handle: r.handle ?? '',
        start: usage ? `${r.weekday} ${r.month}/${r.day} ${r.hour}:${r.minute}` : '',
        count: Number(r.count ?? 1),
      };
      (usage ? out.rows : out.queued).push(row);
      continue;
    }
    if (/, start |queued for/.test(line)) out.refused.push(line);
  }
  return out;
}

// ---- an rlmstat consumer -----------------------------------------------------

const RLM = {
  feature: /^\s*(?<feature>[\w-]+) v(?<version>\d+\.\d+)$/,
  count: /^\s*count: (?<count>\d+).*inuse: (?<inuse>\d+).*$/,
  usage:
    /^\s*(?<feature>[\w-]+) v(?<version>\d+\.\d+): (?<user>[\w.-]+)@(?<host>[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*) (?<count>\d+)\/(?<res>\d+) at (?<month>\d\d)\/(?<day>\d\d) (?<hour>\d\d):(?<minute>\d\d)\s+\(handle: (?<handle>[0-9a-f]+)\)\s*$/,
};

function parseLikeLmAgent(text: string): { pools: Array<{ feature: string; count: number; inuse: number }>; rows: Array<Record<string, string>>; refused: string[] } {
  const pools: Array<{ feature: string; count: number; inuse: number }> = [];
  const rows: Array<Record<string, string>> = [];
  const refused: string[] = [];
  let feature = '';
  for (const line of text.split('\n')) {
    let m = RLM.feature.exec(line)?.groups;
    if (m) {
      feature = m.feature ?? '';
      continue;
    }
    if ((m = RLM.count.exec(line)?.groups)) {
      pools.push({ feature, count: Number(m.count), inuse: Number(m.inuse) });
      continue;
    }
    if ((m = RLM.usage.exec(line)?.groups)) {
      rows.push({ ...m });
      continue;
    }
    if (/\(handle: /.test(line)) refused.push(line);
  }
  return { pools, rows, refused };
}

// ---- the server --------------------------------------------------------------

let s: ServerHandle;
const waiting = new AbortController();

beforeAll(async () => {
  s = await startServer({
    licenses: {
      'demo.lic': demoLicense([
        'LICENSE demo solver 2.0 permanent 6 min_remove=0',
        'LICENSE demo viewer 1.5 31-dec-2030 2 min_remove=0',
      ]),
    },
  });
  await grab(s, 'solver', 'm.lee', 'wks-014', 101, { version: '1.0' });
  await grab(s, 'solver', 'r.ito', 'node-117.hpc.example.org', 102, { count: 4 });
  await grab(s, 'viewer', 'ann', 'ws-ann', 103);
  await grab(s, 'viewer', 'bob', 'ws-bob', 104);
  // a third viewer waits in the queue: lmstat shows it as a queued row
  void s.api('POST', '/v1/checkout', { product: 'viewer', user: 'carol', host: 'ws-carol', pid: 105, wait: 600 }, {}, waiting.signal).catch(() => undefined);
  await eventually(async () => {
    const st = await s.api<{ queues: Array<{ waiters: unknown[] }> }>('GET', '/v1/status');
    return st.json.queues.some((q) => q.waiters.length > 0) ? true : undefined;
  });
}, 30_000);

afterAll(async () => {
  waiting.abort();
  await killAll();
});

function live(): StatJson {
  return runJson<StatJson>(['stat', '-c', at(s), '-a']).json;
}

function lmStart(iso: string): string {
  const d = new Date(iso);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${wd} ${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

describe('--format lmstat read by a parser that requires real lmstat rows', () => {
  it('every count and every user row the parser captures agrees with stat --json', () => {
    const json = live();
    const server = json.servers[0];
    const lm = runCli(['stat', '--format', 'lmstat', '--tz', 'UTC', '-c', at(s), '-a']);
    expect(lm.code).toBe(0);
    const p = parseLikeExporters(lm.stdout);
    expect(p.refused).toEqual([]);
    expect(p.nodes).toHaveLength(1);
    expect(p.vendors).toEqual(['demo UP']);
    // counts, section by section
    expect(p.features).toEqual(server?.pools.map((x) => ({ name: x.product, issued: x.count, used: x.in_use })));
    // every checkout is one row, found by the handle column, field by field
    const checkouts = server?.pools.flatMap((x) => x.checkouts.map((c) => ({ ...c, product: x.product }))) ?? [];
    expect(p.rows).toHaveLength(checkouts.length);
    expect(checkouts.length).toBe(4);
    for (const c of checkouts) {
      expect(c.id, 'a licutil checkout has a public id').toEqual(expect.any(Number));
      const row = p.rows.find((r) => r.handle === String(c.id));
      expect(row, `row of checkout ${c.id}`).toEqual({
        feature: c.product,
        user: c.user,
        host: c.host,
        display: c.host,
        // a checkout that asked no version shows the version it got
        version: c.requested_version ?? c.version,
        server: server?.server?.host,
        port: server?.server?.port,
        handle: String(c.id),
        start: lmStart(c.since),
        count: c.count,
      });
    }
    // the waiter is a queued row with the request's id
    const waiters = server?.queues.flatMap((q) => q.waiters) ?? [];
    expect(waiters).toHaveLength(1);
    expect(p.queued.map((r) => [r.feature, r.user, r.host, r.version, r.handle, r.count])).toEqual(
      // a waiter that asked no version shows the version of the licenses it waits for
      waiters.map((w) => ['viewer', w.user, w.host, w.requested_version ?? server?.pools.find((x) => x.product === 'viewer')?.version, String(w.id), w.count]),
    );
  });

  it('--from lmstat reads our text back to the same pools and rows (handle column = id)', () => {
    const lm = runCli(['stat', '--format', 'lmstat', '--tz', 'UTC', '-c', at(s), '-a']);
    const back = runJson<StatJson>(['stat', '--from', 'lmstat', '-', '--tz', 'UTC'], { input: lm.stdout }).json;
    // lmstat prints start times to the minute
    const minute = (iso: string) => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();
    const rowsOf = (j: StatJson, handle: (c: CheckoutJson) => string) =>
      j.servers[0]?.pools.map((x) => [x.product, x.count, x.in_use, x.checkouts.map((c) => [handle(c), c.user, c.host, c.count, c.requested_version ?? c.version, minute(c.since)])]);
    expect(rowsOf(back, (c) => c.handle)).toEqual(rowsOf(live(), (c) => String(c.id)));
  });
});

describe('--format rlmstat read by a parser that requires real rlmstat lines', () => {
  it('pool counts and usage lines agree with stat --json; the handle is the id', () => {
    const server = live().servers[0];
    const text = runCli(['stat', '--format', 'rlmstat', '--tz', 'UTC', '-c', at(s), '-a']).stdout;
    const p = parseLikeLmAgent(text);
    expect(p.refused).toEqual([]);
    expect(p.pools).toEqual(server?.pools.map((x) => ({ feature: x.product, count: x.count, inuse: x.in_use })));
    const checkouts = server?.pools.flatMap((x) => x.checkouts.map((c) => ({ ...c, product: x.product }))) ?? [];
    expect(p.rows).toHaveLength(checkouts.length);
    for (const c of checkouts) {
      const d = new Date(c.since);
      const two = (n: number) => String(n).padStart(2, '0');
      expect(p.rows.find((r) => r.handle === String(c.id))).toEqual({
        feature: c.product,
        version: c.version,
        user: c.user,
        host: c.host,
        count: String(c.count),
        res: '0',
        month: two(d.getUTCMonth() + 1),
        day: two(d.getUTCDate()),
        hour: two(d.getUTCHours()),
        minute: two(d.getUTCMinutes()),
        handle: String(c.id),
      });
    }
  });
});

describe('the handle column names the checkout to licutil remove', () => {
  it('stat -a shows the id of each checkout beside its handle', () => {
    const table = runCli(['stat', '-a', '-c', at(s)]).stdout;
    expect(table).toMatch(/^\s*PRODUCT\s+VERSION\s+USER\s+HOST\s+PID\s+COUNT\s+SINCE \(UTC\)\s+LEASE ENDS \(UTC\)\s+HANDLE\s+ID\s*$/m);
    for (const c of live().servers[0]?.pools.flatMap((x) => x.checkouts) ?? []) {
      expect(table).toMatch(new RegExp(`\\s${c.user.replace('.', '\\.')}\\s.*\\s${c.handle}\\s+${c.id}\\s*$`, 'm'));
    }
  });


  it('remove ID@PORT@HOST with the number the lmstat row shows ends that checkout, and only it', () => {
    const lm = runCli(['stat', '--format', 'lmstat', '--tz', 'UTC', '-c', at(s), '-a']).stdout;
    const row = parseLikeExporters(lm).rows.find((r) => r.user === 'ann');
    expect(row).toBeDefined();
    const r = runJson<{ removed: Array<{ handle: string; user?: string }> }>(['remove', `${row?.handle ?? ''}@${at(s)}`]);
    expect(r.code).toBe(0);
    expect(r.json.removed).toEqual([expect.objectContaining({ handle: row?.handle })]);
    const after = live().servers[0]?.pools.flatMap((x) => x.checkouts.map((c) => c.user));
    expect(after).not.toContain('ann');
    expect(after).toEqual(expect.arrayContaining(['m.lee', 'r.ito', 'bob']));
  });

  it('a bare id with one server in the environment works too; with two it is refused as ambiguous', async () => {
    const g = await grab(s, 'solver', 'dave', 'ws-dave', 106);
    const id = g.id as number;
    const two = runCli(['remove', String(id), '-c', `${at(s)}:${at(s.port + 1)}`]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('ids are per server');
    const one = runJson<{ removed: unknown[] }>(['remove', String(id), '-c', at(s)]);
    expect(one.code).toBe(0);
    expect(live().servers[0]?.pools.flatMap((x) => x.checkouts.map((c) => c.id))).not.toContain(id);
  });

  it('ids survive a restart and are never given twice', async () => {
    const before = Math.max(...(live().servers[0]?.pools.flatMap((x) => x.checkouts.map((c) => c.id ?? 0)) ?? [0]));
    waiting.abort();
    await s.stop();
    s = await startServer({ dir: s.dir, files: ['demo.lic'] });
    const restored = live().servers[0]?.pools.flatMap((x) => x.checkouts.map((c) => c.id)) ?? [];
    expect(Math.max(...restored.map((x) => x ?? 0))).toBe(before);
    const g = await grab(s, 'solver', 'erin', 'ws-erin', 107);
    // after the restored ones, and after the removed and queued ones given before the restart
    expect(g.id).toBeGreaterThan(6);
    expect(restored).not.toContain(g.id);
  }, 30_000);
});
