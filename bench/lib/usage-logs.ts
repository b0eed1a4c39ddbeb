// Large usage logs for the report benchmark, in the three formats, written
// line by line to a file (never held whole in memory): a steady load of
// checkouts and checkins of a few features by a few hundred users, with a
// denial now and then, over as many days as the size needs.
import { closeSync, openSync, writeSync } from 'node:fs';

export type UsageFormat = 'licutil' | 'flexnet' | 'rlm';

const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);
const p2 = (n: number) => String(n).padStart(2, '0');

/** A small deterministic generator, so every run reads the same file. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function writeUsageLog(file: string, format: UsageFormat, targetBytes: number): { bytes: number; lines: number } {
  const fd = openSync(file, 'w');
  const rand = rng(42);
  let bytes = 0;
  let lines = 0;
  let buf = '';
  const put = (l: string) => {
    buf += `${l}\n`;
    lines++;
    if (buf.length > 1 << 20) {
      bytes += writeSync(fd, buf);
      buf = '';
    }
  };
  const open: Open[] = [];
  let t = T0;
  let handle = 0;
  let day = -1;
  if (format === 'rlm') {
    put('RLM Report Log Format 0, version 15.1, authenticated');
    put('ISV: acme, RLM version 15.1 BL2');
    put('START srv 01/06/2025 00:00');
    for (let i = 0; i < 8; i++) put(`PRODUCT feat${i} 1.0 ${i + 1} 40 0 0 "" "" "" "" "" "" 0 0 0 0 0 0 0 0 0`);
  }
  if (format === 'flexnet') put(' 0:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1 x64_lsb) started on srv (linux) (1/6/2025)');
  while (bytes + buf.length < targetBytes) {
    t += Math.floor(rand() * 4000);
    const d = new Date(t);
    // close what has ended (in the order it ended), then open one, sometimes deny
    while (open.length > 0 && (open[0] as Open).end <= t) {
      const s = pop(open);
      put(line(format, 'in', new Date(s.end), s.f, s.u, s.host, s.h));
    }
    // lmgrd's TIMESTAMP, once a day, after the checkins that came before it
    if (format === 'flexnet' && Math.floor((t - T0) / 86_400_000) !== day) {
      day = Math.floor((t - T0) / 86_400_000);
      put(`${String(d.getUTCHours()).padStart(2, ' ')}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} (lmgrd) TIMESTAMP ${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`);
    }
    const f = `feat${Math.floor(rand() * 8)}`;
    const u = `user${Math.floor(rand() * 300)}`;
    const host = `ws${Math.floor(rand() * 200)}`;
    if (rand() < 0.05) put(line(format, 'deny', d, f, u, host, 0));
    else {
      handle++;
      push(open, { h: handle, f, u, host, end: t + Math.floor(rand() * 3_600_000 * 4) });
      put(line(format, 'out', d, f, u, host, handle));
    }
  }
  bytes += writeSync(fd, buf);
  closeSync(fd);
  return { bytes, lines };
}

interface Open {
  h: number;
  f: string;
  u: string;
  host: string;
  end: number;
}

/** A binary heap of open checkouts by end time. */
function push(heap: Open[], o: Open): void {
  heap.push(o);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if ((heap[p] as Open).end <= o.end) break;
    heap[i] = heap[p] as Open;
    i = p;
  }
  heap[i] = o;
}

function pop(heap: Open[]): Open {
  const top = heap[0] as Open;
  const last = heap.pop() as Open;
  if (heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const r = l + 1;
    const c = r < heap.length && (heap[r] as Open).end < (heap[l] as Open).end ? r : l;
    if ((heap[c] as Open).end >= last.end) break;
    heap[i] = heap[c] as Open;
    i = c;
  }
  heap[i] = last;
  return top;
}

function line(format: UsageFormat, kind: 'out' | 'in' | 'deny', d: Date, f: string, u: string, host: string, h: number): string {
  if (format === 'licutil') {
    const time = d.toISOString();
    if (kind === 'deny') return `{"time":"${time}","event":"denial","user":"${u}","host":"${host}","product":"${f}","version":"1.0","handle":null,"isv":"acme","count":1,"pid":4242,"code":"LICUTIL_E_ALL_IN_USE"}`;
    const head = `{"time":"${time}","event":"${kind === 'out' ? 'checkout' : 'checkin'}","user":"${u}","host":"${host}","product":"${f}","version":"1.0","handle":"h${h.toString(36)}","isv":"acme","pool":"acme:${f}:1.0:0","count":1,"pid":4242`;
    return kind === 'out' ? `${head},"overSoft":false,"fromQueue":false}` : `${head},"heldForMs":0}`;
  }
  const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  if (format === 'flexnet') {
    const c = hms.startsWith('0') ? ` ${hms.slice(1)}` : hms;
    if (kind === 'deny') return `${c} (acme) DENIED: "${f}" ${u}@${host}  (Licensed number of users already reached. (-4,342))`;
    return `${c} (acme) ${kind === 'out' ? 'OUT' : 'IN'}: "${f}" ${u}@${host}  `;
  }
  const md = `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${hms}`;
  if (kind === 'deny') return `DENY ${f} 1.0 ${u} ${host} "" 1 -22 1 ${md}`;
  if (kind === 'out') return `OUT ${f} 1.0 1 ${u} ${host} "" 1 10 0 ${h.toString(16)} 0 10f2 "" "${f}" "1.0" ${md}`;
  return `IN 1 ${f} 1.0 ${u} ${host} "" 1 9 0 ${h.toString(16)} ${md}`;
}
