// A remote API client written from seed 000 §6 alone, sharing no code with the
// server: undici's WebSocket, an Origin header ("mandatory ... any value will
// be accepted"), JSON text frames, responses matched by message_id, and the
// authentication of §6.2 computed here with node:crypto:
//   res = HMAC-SHA256( "<type>:<password>:<name>", "<challenge>" ), in hex.
import { createHmac } from 'node:crypto';
import { WebSocket, type Dispatcher } from 'undici';

export type Msg = Record<string, unknown> & { message?: string; message_id?: unknown; error?: string };

export interface RemoteClient {
  /** the first message of the server (ready or authenticate) */
  greeting: Msg;
  /** every message received, in order */
  received: Msg[];
  sendRaw(text: string): void;
  send(msg: Msg | Msg[]): void;
  /** sends `msg` with a fresh message_id and resolves with the response carrying it */
  request(msg: Msg, timeoutMs?: number): Promise<Msg>;
  /** resolves with the next received message matching `pred` (already received ones count) */
  waitFor(pred: (m: Msg) => boolean, timeoutMs?: number): Promise<Msg>;
  authenticate(password: string): Promise<Msg>;
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

export function hmacResponse(type: string, password: string, name: string, challenge: string): string {
  return createHmac('sha256', `${type}:${password}:${name}`).update(challenge).digest('hex');
}

let ids = 0;

export async function connectRemote(url: string, opts: { origin?: string | null; dispatcher?: Dispatcher } = {}): Promise<RemoteClient> {
  const headers: Record<string, string> = {};
  if (opts.origin !== null) headers.origin = opts.origin ?? 'http://127.0.0.1';
  const ws = new WebSocket(url, { headers, ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}) });
  const received: Msg[] = [];
  const waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void; from: number }> = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })));
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data)) as Msg;
    received.push(m);
    for (const w of [...waiters]) {
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });

  const waitFor = (pred: (m: Msg) => boolean, timeoutMs = 10_000) =>
    new Promise<Msg>((resolve, reject) => {
      const hit = received.find(pred);
      if (hit) {
        resolve(hit);
        return;
      }
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; received ${JSON.stringify(received)}`)), timeoutMs);
      waiters.push({
        pred,
        from: received.length,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });

  const greeting = await waitFor(() => true);
  const client: RemoteClient = {
    greeting,
    received,
    closed,
    sendRaw: (text) => ws.send(text),
    send: (msg) => ws.send(JSON.stringify(msg)),
    request: (msg, timeoutMs) => {
      const id = `t${++ids}`;
      ws.send(JSON.stringify({ ...msg, message_id: id }));
      return waitFor((m) => m.message_id === id, timeoutMs);
    },
    waitFor,
    authenticate: async (password) => {
      // the challenge to answer is the latest one the server gave
      const last = [...received].reverse().find((m) => typeof m.challenge === 'string') as Msg;
      const res = hmacResponse(String(last.type), password, String(last.name), String(last.challenge));
      return client.request({ message: 'authenticate', res });
    },
    close: async () => {
      ws.close();
      await closed;
    },
  };
  return client;
}
