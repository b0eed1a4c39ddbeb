// The command-line monitor (seed 000 §7) of a real `licutil serve --monitor`,
// driven through its standard input, with checkouts made over HTTP.
import { afterAll, describe, expect, it } from 'vitest';
import { demoLic, startConfigServer, stopAllConfigServers, who } from './remote-server.js';

afterAll(stopAllConfigServers);

const CONFIG = 'bind_addr: "127.0.0.1:0", licenses: [ "a.lic", { file: "lab.lic", tag: "lab" } ]';
const FILES = {
  'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 2 min_remove=0']),
  'lab.lic': demoLic(['LICENSE demo scope 3.0 permanent 1 min_remove=0']),
};

describe('licutil serve --monitor', () => {
  it('list, client, msg, msgto, close and quit through stdin; answers on stdout after the ready line', async () => {
    const s = await startConfigServer({ config: CONFIG, files: FILES, monitor: true });
    const a = await s.api<{ handle: string }>('POST', '/v1/checkout', { product: 'seat', ...who(7), lease: 60 });
    const b = await s.api<{ handle: string }>('POST', '/v1/checkout', { product: 'scope', tag: 'lab', ...who(8), lease: 60 });
    expect([a.status, b.status]).toEqual([200, 200]);
    const ready = s.stdout().length;
    expect(s.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);

    s.command('help');
    await s.waitOut(/quit\s+Stop server/, ready);

    let from = s.stdout().length;
    s.command('list');
    const list = (await s.waitOut(/#\d+ u8@h8/, from)).slice(from);
    expect(list).toMatch(/^UID\s+PRODUCT\s+VERSION\s+TAG\s+USED\s+MAX\s+ORIGIN$/m);
    expect(list).toMatch(/^demo:seat:1\.0:0\s+seat\s+1\.0\s+-\s+1\s+2\s+.*a\.lic$/m);
    expect(list).toMatch(/^demo:scope:3\.0:0#lab\s+scope\s+3\.0\s+lab\s+1\s+1\s+.*lab\.lic$/m);
    expect(list).toMatch(/^ {2}#1 u7@h7 pid 7 from 127\.0\.0\.1:\d+, 1 seat\(s\), 00:0\d$/m);

    from = s.stdout().length;
    s.command('client');
    const clients = (await s.waitOut(/^2\s+scope/m, from)).slice(from);
    expect(clients).toMatch(/^ID\s+PRODUCT\s+VERSION\s+CLIENT\s+PID\s+ADDRESS\s+TAG\s+TIME\s+MSGS$/m);
    expect(clients).toMatch(/^1\s+seat\s+1\.0\s+u7@h7\s+7\s+127\.0\.0\.1:\d+\s+-\s+00:\d\d\s+0$/m);
    expect(clients).toMatch(/^2\s+scope\s+3\.0\s+u8@h8\s+8\s+127\.0\.0\.1:\d+\s+lab\s+00:\d\d\s+0$/m);

    // msg: every client gets it at its next heartbeat
    from = s.stdout().length;
    s.command('msg the server restarts at noon');
    await s.waitOut(/Message sent to 2 client\(s\)\./, from);
    from = s.stdout().length;
    s.command('msgto 2 your scope license is needed in the lab');
    await s.waitOut(/Message queued for client 2 \(u8@h8\)/, from);
    const hbA = await s.api<{ messages?: string[] }>('POST', '/v1/heartbeat', { handle: a.json.handle });
    expect(hbA.json.messages).toEqual(['the server restarts at noon']);
    const hbB = await s.api<{ messages?: string[] }>('POST', '/v1/heartbeat', { handle: b.json.handle });
    expect(hbB.json.messages).toEqual(['the server restarts at noon', 'your scope license is needed in the lab']);

    // close: ends that checkout and tells its holder why at its next heartbeat
    from = s.stdout().length;
    s.command('close 1 seat reassigned to the night build');
    await s.waitOut(/Client 1 \(u7@h7, seat\) closed\./, from);
    const gone = await s.api<{ error?: { code: string; message: string } }>('POST', '/v1/heartbeat', { handle: a.json.handle });
    expect(gone.status).toBe(410);
    expect(gone.json.error?.code).toBe('LICUTIL_E_REMOVED');
    expect(gone.json.error?.message).toMatch(/removed by the license administrator: seat reassigned to the night build$/);
    const status = await s.api<{ pools: Array<{ product: string; in_use: number }> }>('GET', '/v1/status');
    expect(status.json.pools.find((p) => p.product === 'seat')?.in_use).toBe(0);

    from = s.stdout().length;
    s.command('close 1');
    await s.waitOut(/close: no client 1/, from);
    s.command('frobnicate');
    await s.waitOut(/Unknown command: frobnicate/, from);

    s.command('quit');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/stopping: quit requested by the monitor/);
  });

  it('log shows and changes the log options; reload rereads', async () => {
    const s = await startConfigServer({ config: CONFIG, files: FILES, monitor: true });
    let from = s.stdout().length;
    s.command('log');
    const state = (await s.waitOut(/logs in memory: \d+ of 8192/, from)).slice(from);
    expect(state).toMatch(/^log_options: license.level=info$/m);
    expect(state).toMatch(/^log file: none \(standard error\)$/m);
    from = s.stdout().length;
    s.command('log license.level=debug');
    await s.waitOut(/log_options: license.level=debug/, from);
    from = s.stdout().length;
    s.command('reload');
    await s.waitOut(/Reloaded: 0 pool\(s\) added, 0 removed, 0 changed\./, from);
    expect(s.stderr()).toMatch(/rereading licenses \(the monitor\)/);
    // the end of standard input ends the monitor, not the server
    s.proc.stdin?.end();
    await new Promise((r) => setTimeout(r, 300));
    expect((await s.api('GET', '/v1/hello')).status).toBe(200);
    expect(await s.stop()).toEqual({ code: 0, signal: null });
  });
});
