// The command-line monitor of seed 000 §7, one line at a time.
import { describe, expect, it } from 'vitest';
import { formatLogOptions, parseLogOptions } from '../../../../src/config/index.js';
import { Monitor, MONITOR_COMMANDS } from '../../../../src/server/adapters/monitor/commands.js';
import type { ClientView } from '../../../../src/server/adapters/control.js';
import { fakeControl, FakeTimers } from './fixtures.js';

const client: ClientView = {
  id: 3,
  handle: 'H3',
  product: 'seat',
  version: '1.0',
  count: 1,
  user: 'alice',
  host: 'ws1',
  pid: 42,
  address: '127.0.0.1:5000',
  since: '2026-06-15T12:00:00.000Z',
  lifetime_ms: 65_000,
  pending_messages: 0,
};

function monitor() {
  const control = fakeControl(new FakeTimers());
  const m = new Monitor({
    control,
    parseLogOptions: (text, base) => {
      const r = parseLogOptions(text, { ...base, assignments: [] });
      return { settings: r.options, errors: r.errors, warnings: r.warnings };
    },
    formatLogOptions: (s) => formatLogOptions({ ...s, assignments: [] }),
  });
  return { control, m };
}

describe('monitor commands', () => {
  it('help lists every command of seed 000 §7; help command tells more', async () => {
    const { m } = monitor();
    const help = await m.run('help');
    for (const c of ['help', 'log', 'msg', 'msgto', 'client', 'close', 'list', 'reload', 'quit']) expect(help).toContain(MONITOR_COMMANDS[c]?.usage);
    expect(await m.run('help close')).toMatch(/^close client_id \[message\]\n/);
    expect(await m.run('help nothing')).toMatch(/No command nothing/);
  });

  it('client lists the holders with their number; msgto and close find them by it', async () => {
    const { m, control } = monitor();
    expect(await m.run('client')).toBe('No client connected.');
    control.clientList = [client];
    expect(await m.run('client')).toMatch(/^ID\s+PRODUCT.*\n3\s+seat\s+1.0\s+alice@ws1\s+42\s+127.0.0.1:5000\s+-\s+01:05\s+0$/);
    expect(await m.run('msgto 3 please save your work')).toMatch(/queued for client 3/);
    expect(control.sent).toEqual([{ client: '3', text: 'please save your work' }]);
    expect(await m.run('msgto 9 hi')).toMatch(/^msgto: no client 9/);
    expect(await m.run('close 3 moved to the lab')).toBe('Client 3 (alice@ws1, seat) closed.');
    expect(control.calls).toContain('close 3 moved to the lab');
    expect(await m.run('close')).toBe('usage: close client_id [message]');
  });

  it('msg reaches every client; quit stops the server; reload reloads', async () => {
    const { m, control } = monitor();
    control.clientList = [client];
    expect(await m.run('msg  server restarts at noon ')).toBe('Message sent to 1 client(s).');
    expect(control.sent).toEqual([{ client: '*', text: 'server restarts at noon' }]);
    expect(await m.run('reload')).toMatch(/^Reloaded: 1 pool\(s\) added/);
    expect(await m.run('quit')).toBe('Stopping.');
    expect(control.quits).toEqual(['the monitor']);
  });

  it('log shows and changes the log options with the log_options syntax', async () => {
    const { m, control } = monitor();
    expect(await m.run('log')).toMatch(/^log_options: license.level=debug\nlog file: none/);
    expect(await m.run('log license.level=warn,time=full')).toMatch(/^log_options: license.level=warn,time=full/);
    expect(control.logs.hub.settings.layers.license?.level).toBe('warn');
    expect(await m.run('log license.level=loud')).toMatch(/^log: license.level=loud: expected/);
    expect(control.logs.hub.settings.layers.license?.level).toBe('warn');
  });

  it('list shows pools and their connections', async () => {
    const { m, control } = monitor();
    expect(await m.run('list')).toBe('No license is served.');
    control.licenses = [
      {
        uid: 'demo:seat:1.0:0#lab',
        products: 'seat',
        origin: '/l/a.lic',
        tag: 'lab',
        max: 2,
        version: '1.0',
        connections: [{ product: 'seat', name: 'alice@ws1', address: '127.0.0.1:5000', lifetime: 3_723_000, client_id: 3, handle: 'H3', user: 'alice', host: 'ws1', pid: 42, count: 1, version: '1.0', tag: 'lab' }],
        isv: 'demo',
        in_use: 1,
        queued: 0,
        expires: null,
        retired: false,
        password_protected: false,
      },
    ];
    const out = await m.run('list');
    expect(out).toMatch(/demo:seat:1.0:0#lab\s+seat\s+1.0\s+lab\s+1\s+2\s+\/l\/a.lic/);
    expect(out).toContain('  #3 alice@ws1 pid 42 from 127.0.0.1:5000 tag lab, 1 seat(s), 1:02:03');
  });

  it('an unknown command says so', async () => {
    const { m } = monitor();
    expect(await m.run('frob 1')).toBe('Unknown command: frob (help lists the commands)');
    expect(await m.run('   ')).toBe('');
  });
});
