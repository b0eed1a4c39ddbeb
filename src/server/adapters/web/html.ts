// The status page as HTML, rendered on the server: the first render is the
// whole page (it works without JavaScript), and the page's script swaps in the
// <main> part again when something changes. Everything a client or a license
// file chose (user, host, product, tags, file names, messages) goes through
// text() or attr() — there is no other way into the markup — so no name can
// open an element, an attribute or a script. No style attribute or inline
// script is ever written: the Content-Security-Policy forbids both.
import type { CheckoutInfo, PoolInfo, ServerInfo, StatusResponse, WaiterInfo } from '../../../protocol/messages.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element or a double-quoted attribute; control (but tab and newline) and bidi-override characters become U+FFFD. */
export function text(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const attr = text;

export interface PageView {
  status: StatusResponse;
  /** what start-up said about the license files (exclusions, expiring soon, ...) */
  notes: ReadonlyArray<{ level: 'info' | 'warn' | 'error'; text: string }>;
  /** the filter of the page (?q=) */
  filter: string;
  /** present for a signed-in administrator */
  admin?: { csrf: string; by: string } | undefined;
  /** whether the server can sign anyone in (it has an admin token) */
  canSignIn: boolean;
}

/** "2026-06-15 12:00:05 UTC" in a <time> element a script may localise */
function when(iso: string | null): string {
  if (iso === null) return 'never';
  const shown = iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return `<time datetime="${attr(iso)}">${text(shown)}</time>`;
}

function matches(filter: string, ...fields: Array<string | number | null | undefined>): boolean {
  if (filter === '') return true;
  const f = filter.toLowerCase();
  return fields.some((v) => v !== null && v !== undefined && String(v).toLowerCase().includes(f));
}

/** A bar of use as SVG attributes (not a style attribute, which the CSP forbids). */
function bar(inUse: number, count: number, soft: number | null): string {
  const pct = count > 0 ? Math.min(100, Math.round((inUse / count) * 100)) : 0;
  const level = inUse >= count ? 'full' : soft !== null && inUse >= soft ? 'soft' : 'ok';
  return (
    `<svg class="bar bar-${level}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${attr(`${inUse} of ${count} in use`)}">` +
    `<rect class="bar-bg" width="100" height="10"/><rect class="bar-fill" width="${pct}" height="10"/></svg>`
  );
}

function cell(label: string, html: string, cls = ''): string {
  return `<td data-label="${attr(label)}"${cls ? ` class="${cls}"` : ''}>${html}</td>`;
}

function poolRow(p: PoolInfo): string {
  return (
    `<tr${p.retired ? ' class="retired"' : ''}>` +
    cell('Product', `<strong>${text(p.product)}</strong>${p.tag ? ` <span class="tag">${text(p.tag)}</span>` : ''}`) +
    cell('Version', text(p.version)) +
    cell('ISV', text(p.isv)) +
    cell('In use', `${bar(p.in_use, p.count, p.soft_limit)} <span class="num">${text(p.in_use)} / ${text(p.count)}</span>`, 'use') +
    cell('Queued', text(p.queued), 'num') +
    cell('Soft limit', text(p.soft_limit ?? '—'), 'num') +
    cell('Expires', p.expires === null ? 'permanent' : when(p.expires)) +
    '</tr>'
  );
}

function checkoutRow(c: CheckoutInfo, admin: boolean): string {
  // the public id only: the handle is the holder's secret and never reaches the page
  const id = c.id === undefined ? null : String(c.id);
  const remove = admin
    ? cell('', id === null ? '' : `<button type="button" class="danger" data-remove="${attr(id)}" aria-label="${attr(`remove ${c.product} from ${c.user}@${c.host}`)}">Remove</button>`)
    : '';
  return (
    '<tr>' +
    cell('Product', text(c.product)) +
    cell('Version', text(c.version)) +
    cell('User', text(c.user)) +
    cell('Host', text(c.host)) +
    cell('Count', text(c.count), 'num') +
    cell('Since', when(c.since)) +
    cell('Lease expires', when(c.lease_expires)) +
    cell('Id', id === null ? '—' : `<code>${text(id)}</code>`) +
    remove +
    '</tr>'
  );
}

function waiterRow(w: WaiterInfo): string {
  return (
    '<tr>' +
    cell('Position', `<strong>${text(w.position)}</strong>`, 'num') +
    cell('Product', text(w.product)) +
    cell('Version', text(w.requested_version ?? 'any')) +
    cell('Count', text(w.count), 'num') +
    cell('User', text(w.user)) +
    cell('Host', text(w.host)) +
    cell('Since', when(w.since)) +
    cell('Waits until', when(w.wait_until)) +
    '</tr>'
  );
}

function table(id: string, caption: string, heads: string[], rows: string[], empty: string): string {
  if (rows.length === 0) return `<section id="${id}"><h2>${text(caption)}</h2><p class="empty">${text(empty)}</p></section>`;
  return (
    `<section id="${id}"><h2>${text(caption)} <span class="count">(${rows.length})</span></h2><div class="scroll"><table>` +
    `<thead><tr>${heads.map((h) => `<th scope="col">${text(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

/** The part of the page that changes: the license files, pools, checkouts and queue. */
export function renderMain(v: PageView): string {
  const s = v.status;
  const f = v.filter.trim();
  const admin = v.admin !== undefined;
  const pools = s.pools.filter((p) => matches(f, p.product, p.isv, p.version, p.tag));
  const checkouts = s.pools.flatMap((p) => p.checkouts).filter((c) => matches(f, c.product, c.isv, c.user, c.host, c.id, c.tag));
  const waiters = s.queues.flatMap((q) => q.waiters).filter((w) => matches(f, w.product, w.isv, w.user, w.host, w.tag));
  const problems = v.notes.filter((n) => n.level !== 'info');
  const files =
    `<section id="files"><h2>License files</h2><ul>${s.server.license_files.map((file) => `<li><code>${text(file)}</code></li>`).join('') || '<li>none</li>'}</ul>` +
    (problems.length > 0 ? `<ul class="notes">${problems.map((n) => `<li class="${n.level}"><span class="level">${n.level}</span> ${text(n.text)}</li>`).join('')}</ul>` : '') +
    '</section>';
  return (
    files +
    table('pools', 'Pools', ['Product', 'Version', 'ISV', 'In use', 'Queued', 'Soft limit', 'Expires'], pools.map(poolRow), f ? 'No pool matches the filter.' : 'This server serves no pool.') +
    table(
      'checkouts',
      'Checkouts',
      ['Product', 'Version', 'User', 'Host', 'Count', 'Since', 'Lease expires', 'Id', ...(admin ? [''] : [])],
      checkouts.map((c) => checkoutRow(c, admin)),
      f ? 'No checkout matches the filter.' : 'Nothing is checked out.',
    ) +
    table('queue', 'Queue', ['Position', 'Product', 'Version', 'Count', 'User', 'Host', 'Since', 'Waits until'], waiters.map(waiterRow), f ? 'No waiter matches the filter.' : 'Nobody is waiting.')
  );
}

function serverLine(info: ServerInfo): string {
  const up = info.uptime_seconds;
  const uptime = up >= 86_400 ? `${Math.floor(up / 86_400)}d ${Math.floor((up % 86_400) / 3600)}h` : up >= 3600 ? `${Math.floor(up / 3600)}h ${Math.floor((up % 3600) / 60)}m` : `${Math.floor(up / 60)}m ${up % 60}s`;
  return (
    `<dl class="server"><div><dt>Version</dt><dd>${text(info.version)}</dd></div><div><dt>Port</dt><dd>${text(info.port)}</dd></div>` +
    `<div><dt>Started</dt><dd>${when(info.started)}</dd></div><div><dt>Up</dt><dd>${text(uptime)}</dd></div>` +
    `<div><dt>Journal</dt><dd class="journal-${attr(info.journal)}">${text(info.journal)}</dd></div></dl>`
  );
}

function adminPanel(v: PageView): string {
  if (v.admin) {
    return (
      `<section id="admin" class="admin"><h2>Administration</h2><p>Signed in as ${text(v.admin.by)}.</p>` +
      '<p><button type="button" id="reread">Reread licenses</button> <button type="button" id="signout">Sign out</button></p></section>'
    );
  }
  if (!v.canSignIn) {
    return '<section id="admin" class="admin"><h2>Administration</h2><p>To administer from this page, start the server with <code>--admin-token-file</code>.</p></section>';
  }
  return (
    '<section id="admin" class="admin"><h2>Administration</h2>' +
    '<noscript><p>Signing in needs JavaScript.</p></noscript>' +
    '<form id="signin" class="js-only" autocomplete="off"><label for="token">Admin token</label> ' +
    '<input id="token" name="token" type="password" required maxlength="512"> <button type="submit">Sign in</button></form></section>'
  );
}

/** The whole page (first render). */
export function renderPage(v: PageView): string {
  const info = v.status.server;
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="color-scheme" content="light dark">' +
    (v.admin ? `<meta name="licutil-csrf" content="${attr(v.admin.csrf)}">` : '') +
    `<title>licutil on ${text(info.host)}</title>` +
    '<link rel="icon" href="/web/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/web/app.css">' +
    '<script src="/web/app.js" defer></script></head><body>' +
    `<header><h1>licutil on <span class="host">${text(info.host)}</span></h1>${serverLine(info)}</header>` +
    `<form class="filter" method="get" action="/" role="search"><label for="q">Filter</label> ` +
    `<input id="q" name="q" type="search" value="${attr(v.filter)}" placeholder="product, user or host" maxlength="200"> ` +
    '<button type="submit">Filter</button></form>' +
    '<p id="live" class="live" role="status" aria-live="polite"></p>' +
    `<main id="main">${renderMain(v)}</main>` +
    adminPanel(v) +
    '<footer><p>Served by licutil. The same state as JSON: <a href="/v1/status">/v1/status</a>; metrics: <a href="/metrics">/metrics</a>.</p></footer>' +
    '</body></html>'
  );
}
