// The names the server answers to, and the status page's parts, from the
// options of `serve`. Names: loopback, this machine's host name (full and
// short), every address of its interfaces, the --bind address, and each
// --allow-host (an alias in DNS, a reverse proxy's name); `--allow-host '*'`
// turns the Host check off. A name that merely resolves here is not enough:
// that is exactly what a DNS-rebinding page arranges.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { BrowserPolicy } from '../adapters/http/browser-guard.js';
import { LOOPBACK_NAMES, normaliseHostName } from '../adapters/http/browser-guard.js';
import { adminEntryOf, type ReportEntry } from '../adapters/report/report-entry.js';
import { ChangeFeed } from '../adapters/web/changes.js';
import type { PageView } from '../adapters/web/html.js';
import type { WebDeps } from '../adapters/web/routes.js';
import { AdminSessions } from '../adapters/web/sessions.js';

interface NameSources {
  hostname: string;
  bind: string;
  allowHost: readonly string[];
  tls: boolean;
  /** the machine's interface addresses (os.networkInterfaces in production) */
  addresses?: readonly string[];
}

function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address.replace(/%.*$/, '')));
}

export function browserPolicyOf(s: NameSources): BrowserPolicy {
  if (s.allowHost.includes('*')) return { hosts: null, tls: s.tls };
  const names = new Set<string>(LOOPBACK_NAMES);
  const add = (n: string) => {
    const v = normaliseHostName(n);
    if (v !== '') names.add(v);
  };
  add(s.hostname);
  add(s.hostname.split('.')[0] ?? '');
  for (const a of s.addresses ?? interfaceAddresses()) add(a);
  // even 0.0.0.0 (the ready line prints it): a page can reach it only cross-origin, never as itself
  add(s.bind);
  for (const h of s.allowHost) add(h);
  return { hosts: names, tls: s.tls };
}

interface WebSetup {
  tls: boolean;
  nowMs: () => number;
  wallMs: () => number;
  notes: () => PageView['notes'];
  report: (entries: ReportEntry[]) => void;
}

export function webDepsOf(s: WebSetup): WebDeps {
  return {
    sessions: new AdminSessions({ nowMs: s.nowMs, randomBytes: (n) => randomBytes(n), tls: s.tls }),
    changes: new ChangeFeed(),
    notes: s.notes,
    onAdmin: (action, by) => s.report([adminEntryOf(s.wallMs(), action, by)]),
  };
}
