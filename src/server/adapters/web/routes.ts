// The status page's routes, on the API's own port: the page (/), the part of it
// that changes (/web/main), its three assets, the change stream (/web/events)
// and the administrator's sign-in and sign-out. Assets are a fixed table of
// names to strings compiled into licutil: no URL is ever turned into a path, so
// there is nothing to traverse (RLM's CVE-2021-37500 class). Every page answer
// carries a Content-Security-Policy that allows only this server's own script
// and style, no inline code, no framing, no other origin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StatusOptions } from '../../core/pool/types.js';
import { decideAdmin } from '../http/admin-auth.js';
import { checkSameOrigin, type Refusal } from '../http/browser-guard.js';
import { answerFor } from '../http/errors.js';
import type { RouteContext } from '../http/deps.js';
import { statusToWire } from '../http/wire.js';
import type { ChangeFeed } from './changes.js';
import { renderMain, renderPage, type PageView } from './html.js';
import { APP_JS } from './script.js';
import type { AdminSessions } from './sessions.js';
import { APP_CSS, ICON_SVG } from './style.js';

export interface WebDeps {
  sessions: AdminSessions;
  changes: ChangeFeed;
  /** what start-up said about the license files */
  notes: () => PageView['notes'];
  /** sign-in, refused sign-in and sign-out, with who (report log) */
  onAdmin?: (action: 'sign-in' | 'sign-in-refused' | 'sign-out', by: string) => void;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

const ASSETS: ReadonlyMap<string, { type: string; body: string }> = new Map([
  ['/web/app.js', { type: 'text/javascript; charset=utf-8', body: APP_JS }],
  ['/web/app.css', { type: 'text/css; charset=utf-8', body: APP_CSS }],
  ['/web/icon.svg', { type: 'image/svg+xml', body: ICON_SVG }],
]);

// other query parameters (a tracking tag in a pasted link) are ignored, not refused: this is a page
const pageQuery = {
  type: 'object',
  properties: { q: { type: 'string', maxLength: 200 } },
} as const;

const signInBody = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: { token: { type: 'string', minLength: 1, maxLength: 512 } },
} as const;

const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  const a = answerFor(r.code, r.reason, r.hint);
  return reply.code(a.status).send(a.body);
}

/** how often an idle change stream says it is alive (the server closes connections silent for 30 s) */
const PING_MS = 15_000;

export function registerWebRoutes(app: FastifyInstance, ctx: RouteContext, web: WebDeps): void {
  const view = (request: FastifyRequest<{ Querystring: { q?: string } }>): PageView => {
    const admin = web.sessions.viewerOf(request.headers.cookie);
    const opts: StatusOptions = admin ? { includeProtected: true } : {};
    return {
      status: statusToWire(ctx.service.status(opts), ctx.serverInfo()),
      notes: web.notes(),
      filter: request.query.q ?? '',
      admin,
      canSignIn: ctx.admin.tokenDigest !== null,
    };
  };
  const html = (reply: FastifyReply, body: string) => reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);

  app.get<{ Querystring: { q?: string } }>('/', { schema: { querystring: pageQuery } }, (request, reply) => html(reply, renderPage(view(request))));
  app.get<{ Querystring: { q?: string } }>('/web/main', { schema: { querystring: pageQuery } }, (request, reply) => html(reply, renderMain(view(request))));

  for (const [url, asset] of ASSETS) {
    app.get(url, (_request, reply) => reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').type(asset.type).send(asset.body));
  }

  app.get('/web/events', (request, reply) => {
    const raw = reply.raw;
    let ping: ReturnType<typeof setInterval> | null = null;
    const unsubscribe = web.changes.subscribe({
      change: () => void raw.write('event: change\ndata: 1\n\n'),
      close: () => raw.end(),
    });
    if (unsubscribe === null) {
      const a = answerFor('LICUTIL_E_UNAVAILABLE', 'too many status pages are listening for changes', 'the page polls instead; close other tabs of it');
      return reply.code(a.status).header('retry-after', '30').send(a.body);
    }
    void reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    ping = setInterval(() => raw.write(': ping\n\n'), PING_MS);
    request.raw.once('close', () => {
      if (ping) clearInterval(ping);
      unsubscribe();
    });
    return reply;
  });

  app.post<{ Body: { token: string } }>('/web/session', { schema: { body: signInBody } }, (request, reply) => {
    const remote = ctx.remoteAddressOf(request.raw) ?? 'unknown address';
    const foreign = checkSameOrigin(request.headers, ctx.browser.tls);
    if (foreign) return refuse(reply, foreign);
    // the one guessing limit of the server (adapters/guesses.ts): the admin token, license passwords and com_auth count together
    const wait = ctx.guesses?.lockedFor(remote) ?? null;
    if (wait !== null) {
      const a = answerFor('LICUTIL_E_TOO_MANY_FAILURES', `too many failed sign-ins from ${remote}; try again in ${wait} s`, 'use the token in the server\'s --admin-token-file');
      return reply.code(a.status).header('retry-after', String(wait)).header('connection', 'close').send(a.body);
    }
    const d = decideAdmin(remote, `Bearer ${request.body.token}`, { ...ctx.admin, loopbackIsAdmin: false });
    if (!d.allowed) {
      if ((ctx.guesses?.failed(remote, 'status page sign-in', remote) ?? null) !== null) void reply.header('connection', 'close');
      web.onAdmin?.('sign-in-refused', `from ${remote}`);
      ctx.log.warn(`status page: sign-in refused from ${remote}: ${d.reason}`);
      const a = answerFor('LICUTIL_E_NOT_ADMIN', d.reason, d.hint);
      return reply.code(a.status).send(a.body);
    }
    const s = web.sessions.signIn(remote);
    web.onAdmin?.('sign-in', s.by);
    ctx.log.info(`status page: ${s.by} signed in`);
    return reply.header('set-cookie', s.cookie).header('cache-control', 'no-store').send({ signed_in: true, by: s.by });
  });

  app.post('/web/signout', { schema: { body: emptyBody } }, (request, reply) => {
    const foreign = checkSameOrigin(request.headers, ctx.browser.tls);
    if (foreign) return refuse(reply, foreign);
    const by = web.sessions.signOut(request.headers.cookie);
    if (by) web.onAdmin?.('sign-out', by);
    return reply.header('set-cookie', web.sessions.clearCookie()).send({ signed_in: false });
  });
}
