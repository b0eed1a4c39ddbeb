// A small license client for the chaos test, run as its own process so the
// test can SIGKILL it: plain node:http with keep-alive, no licutil code.
// It keeps SLOTS checkouts going (checkout, heartbeat every third of the lease,
// check in after a while, again) and reports on stdout, one JSON line each,
// everything the parent needs to judge the server:
//   {"e":"ack","h":HANDLE,"p":PRODUCT,"t":SENT_MS,"l":LEASE_MS}   checkout answered 200
//   {"e":"hb","h":HANDLE,"t":SENT_MS}                             heartbeat answered 200
//   {"e":"gone","h":HANDLE,"code":CODE,"t":RECEIVED_MS}           heartbeat answered "no such lease"
//   {"e":"ci-sent","h":HANDLE}                                   written before the checkin is sent
//   {"e":"ci","h":HANDLE,"s":STATUS}                              checkin answered
//   {"e":"ops","n":N}                                            requests answered so far
// Times are Date.now() of this machine, as in the parent.
//
// usage: node chaos-client.mjs URL LEASE_SECONDS SLOTS PRODUCT[,PRODUCT...] USER
import http from 'node:http';

const [url = '', leaseArg = '3', slotsArg = '4', productsArg = 'bulk', user = 'child'] = process.argv.slice(2);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const lease = Number(leaseArg);
const products = productsArg.split(',');
let ops = 0;

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];

/** status 0: no answer (server down, connection reset) */
function post(path, body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request(
      { host: target.hostname, port: target.port, path, method: 'POST', agent, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          ops++;
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', () => resolve({ status: 0, json: null }));
      },
    );
    req.on('error', () => resolve({ status: 0, json: null }));
    req.on('timeout', () => req.destroy());
    req.end(data);
  });
}

async function slot() {
  for (;;) {
    const product = pick(products);
    const sent = Date.now();
    const r = await post('/v1/checkout', { product, user, host: 'chaos-child', pid: process.pid, lease });
    if (r.status !== 200) {
      await sleep(r.status === 0 ? 100 : 150 + Math.random() * 300);
      continue;
    }
    const handle = r.json.handle;
    // the parent knows a lease by its public id, as status and the report log name it; the handle stays here
    const id = String(r.json.id);
    const leaseMs = r.json.lease_seconds * 1000;
    emit({ e: 'ack', h: id, p: product, t: sent, l: leaseMs });
    const until = Date.now() + 300 + Math.random() * 4000;
    let alive = true;
    while (alive && Date.now() < until) {
      await sleep(leaseMs / 3);
      const s = Date.now();
      const hb = await post('/v1/heartbeat', { handle });
      if (hb.status === 200) emit({ e: 'hb', h: id, t: s });
      else if (hb.status !== 0) {
        emit({ e: 'gone', h: id, code: hb.json?.error?.code ?? null, t: Date.now() });
        alive = false;
      }
    }
    if (!alive) continue;
    emit({ e: 'ci-sent', h: id });
    for (;;) {
      const c = await post('/v1/checkin', { handle });
      if (c.status !== 0) {
        emit({ e: 'ci', h: id, s: c.status, code: c.json?.error?.code ?? null });
        break;
      }
      await sleep(100);
    }
  }
}

setInterval(() => emit({ e: 'ops', n: ops }), 250);
for (let i = 0; i < Number(slotsArg); i++) void slot();
