// The command-line monitor of seed 000 §7: one line in, text out. It reads and
// acts through ServerControl, as the remote API does; only the rendering is
// its own. No I/O here: stdin.ts feeds it lines and prints what it returns.
import type { ClientView, LicenseView, ServerControl } from '../control.js';
import type { LogSettings } from '../logging/settings.js';

interface LogOptionsParse {
  settings: LogSettings;
  errors: string[];
  warnings: string[];
}

export interface MonitorDeps {
  control: ServerControl;
  /** log_options text applied on top of `base` (the configuration reader's parser) */
  parseLogOptions: (text: string, base: LogSettings) => LogOptionsParse;
  /** settings back to log_options text */
  formatLogOptions: (s: LogSettings) => string;
}

interface CommandHelp {
  usage: string;
  summary: string;
  detail: string;
}

/** Seed 000 §7, in its order. */
export const MONITOR_COMMANDS: Record<string, CommandHelp> = {
  help: { usage: 'help [command]', summary: 'Display the help', detail: 'Without an argument, lists the commands; `help command` tells more about one.' },
  log: {
    usage: 'log [log_options]',
    summary: 'Display the current log state, or change it',
    detail:
      'Without an argument, shows the log options, the log file and the logs in memory.\n' +
      'With log_options (the syntax of the log_options configuration key), changes them, e.g.\n' +
      '  log license.level=debug\n  log file.rotate=10M,file.path=/var/log/old\n  log file.rotate=now',
  },
  msg: { usage: 'msg message', summary: 'Send a message to all connected clients', detail: 'Every client holding a checkout gets the message with its next heartbeat (licutil checkout prints it on stderr).' },
  msgto: { usage: 'msgto client_id message', summary: 'Send a message to a specific client', detail: 'client_id is the number the client command shows (or a checkout handle).' },
  client: { usage: 'client', summary: 'List connected clients', detail: 'One line per checkout: its client_id, product, holder, address, age and messages waiting for its next heartbeat.' },
  close: {
    usage: 'close client_id [message]',
    summary: 'Close a client, with an optional text',
    detail: "Ends that client's checkout (as licutil remove does; a license's min_remove applies) and tells its holder why at its next heartbeat.",
  },
  list: { usage: 'list', summary: 'List all licenses with their state', detail: 'Each pool of licenses with its seats in use and maximum, tag and origin, then its connections.' },
  reload: { usage: 'reload', summary: 'Reload licenses from configured path', detail: 'Reads the license files again; if the configuration file has changed, its license paths (and tags and log settings) are used.' },
  quit: { usage: 'quit', summary: 'Stop server', detail: 'Stops the server as SIGTERM does: waiting clients are told, the journal is flushed.' },
};

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${h > 0 ? `${h}:` : ''}${pad(m)}:${pad(s % 60)}`;
}

/** Columns padded to their widest cell; the last column is not padded. */
function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

function renderList(licenses: readonly LicenseView[]): string {
  if (licenses.length === 0) return 'No license is served.';
  const out: string[] = [];
  const rows = [['UID', 'PRODUCT', 'VERSION', 'TAG', 'USED', 'MAX', 'ORIGIN']];
  for (const l of licenses) {
    rows.push([l.uid, l.products, l.version, l.tag ?? '-', String(l.in_use), String(l.max), `${l.origin || '-'}${l.retired ? ' (retired)' : ''}`]);
  }
  out.push(columns(rows));
  for (const l of licenses) {
    if (l.connections.length === 0) continue;
    out.push(`${l.uid}:`);
    for (const c of l.connections) {
      out.push(`  #${c.client_id} ${c.name} pid ${c.pid} from ${c.address}${c.tag ? ` tag ${c.tag}` : ''}, ${c.count} seat(s), ${duration(c.lifetime)}`);
    }
  }
  return out.join('\n');
}

function renderClients(clients: readonly ClientView[]): string {
  if (clients.length === 0) return 'No client connected.';
  const rows = [['ID', 'PRODUCT', 'VERSION', 'CLIENT', 'PID', 'ADDRESS', 'TAG', 'TIME', 'MSGS']];
  for (const c of clients) {
    rows.push([String(c.id), c.product, c.version, `${c.user}@${c.host}`, String(c.pid), c.address, c.tag ?? '-', duration(c.lifetime_ms), String(c.pending_messages)]);
  }
  return columns(rows);
}

export class Monitor {
  constructor(private readonly d: MonitorDeps) {}

  /** Runs one command line; resolves with what to print ('' for nothing). */
  async run(line: string): Promise<string> {
    const text = line.trim();
    if (text === '') return '';
    const sp = text.search(/\s/);
    const cmd = sp < 0 ? text : text.slice(0, sp);
    const rest = sp < 0 ? '' : text.slice(sp).trim();
    const c = this.d.control;
    switch (cmd) {
      case 'help':
        return this.help(rest);
      case 'log':
        return this.log(rest);
      case 'msg': {
        if (rest === '') return 'usage: msg message';
        const n = c.broadcast(rest);
        c.logs.hub.info(`message from the monitor to ${n} client(s): ${rest}`);
        return `Message sent to ${n} client(s).`;
      }
      case 'msgto': {
        const [id, msg] = splitFirst(rest);
        if (id === '' || msg === '') return 'usage: msgto client_id message';
        const r = c.sendTo(id, msg);
        if (!r.ok) return `msgto: ${r.error}`;
        c.logs.hub.info(`message from the monitor to client ${r.client.id} (${r.client.user}@${r.client.host}): ${msg}`);
        return `Message queued for client ${r.client.id} (${r.client.user}@${r.client.host}); it gets it with its next heartbeat.`;
      }
      case 'client':
      case 'clients':
        return renderClients(c.clients());
      case 'close': {
        const [id, msg] = splitFirst(rest);
        if (id === '') return 'usage: close client_id [message]';
        const r = await c.close(id, msg === '' ? undefined : msg, 'the monitor');
        if (!r.ok) return `close: ${r.error}`;
        return `Client ${r.client.id} (${r.client.user}@${r.client.host}, ${r.client.product}) closed.`;
      }
      case 'list':
        return renderList(c.list());
      case 'reload': {
        try {
          const r = await c.reload('the monitor');
          const lines = [`Reloaded: ${r.added} pool(s) added, ${r.removed} removed, ${r.changed} changed.`];
          if (r.orphaned_checkouts > 0) lines.push(`${r.orphaned_checkouts} checkout(s) stay on pools no longer served.`);
          for (const m of r.messages) lines.push(`  ${m}`);
          return lines.join('\n');
        } catch (e) {
          return `reload failed: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      case 'quit':
        c.quit('the monitor');
        return 'Stopping.';
      default:
        return `Unknown command: ${cmd.slice(0, 80)} (help lists the commands)`;
    }
  }

  private help(topic: string): string {
    if (topic !== '') {
      const h = MONITOR_COMMANDS[topic];
      if (!h || !Object.hasOwn(MONITOR_COMMANDS, topic)) return `No command ${topic.slice(0, 80)} (help lists the commands)`;
      return `${h.usage}\n  ${h.summary}.\n${h.detail.replace(/^/gm, '  ')}`;
    }
    return columns(Object.values(MONITOR_COMMANDS).map((h) => [h.usage, h.summary]));
  }

  private log(options: string): string {
    const logs = this.d.control.logs;
    if (options !== '') {
      const r = this.d.parseLogOptions(options, logs.hub.settings);
      if (r.errors.length > 0) return r.errors.map((e) => `log: ${e}`).join('\n');
      logs.apply(r.settings);
      logs.hub.info('log options changed from the monitor');
      const state = this.logState();
      return [...r.warnings.map((w) => `log: warning: ${w}`), state].join('\n');
    }
    return this.logState();
  }

  private logState(): string {
    const logs = this.d.control.logs;
    const buf = logs.hub.buffer;
    const file = logs.file();
    return [
      `log_options: ${this.d.formatLogOptions(logs.hub.settings) || '(defaults)'}`,
      `log file: ${file ? file.fileName : 'none (standard error)'}`,
      `logs in memory: ${buf.length} of ${buf.capacity}${logs.locked() ? ' (com_log_lock: the remote API cannot change the logs)' : ''}`,
    ].join('\n');
  }
}

function splitFirst(s: string): [string, string] {
  const i = s.search(/\s/);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i).trim()];
}
