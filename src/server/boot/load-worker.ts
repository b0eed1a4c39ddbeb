// The worker thread of reread: keeps the pools the server installed (seeded by
// the server, then each result it installs) and answers a job with what
// changed, the changed definitions in slices that the server asks for one at a
// time: messages sent at once are all received in one turn of the server's
// event loop (100,000 definitions held it for over a second). What the reread
// reports (pools added, removed, changed) is sent as the JSON of the answer,
// encoded here. It is its own bundle entry (dist/load-worker.js).
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { encodeEntries } from '../adapters/http/reread-answer.js';
import { LoadSession, type LoadDelta } from './load-job.js';
import { LIST_KEYS, LOAD_SLICE, REPORT_KEYS, type DeltaLists, type LoaderReply, type LoaderRequest } from './load-messages.js';

/**
 * This thread gives way to the server's: reading 100,000 lines takes it
 * seconds of CPU, and where both threads share a core (a small machine, a
 * server pinned to one CPU) every stop of the server's event loop, a
 * collection or a slice of installing, took twice as long while this thread
 * ran. Linux gives each thread its own nice value; elsewhere, or where it
 * cannot be changed, this thread runs at the server's priority.
 */
function giveWay(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) os.setPriority(tid, Math.min(19, os.getPriority(tid) + 10));
  } catch {
    // not Linux, or not allowed
  }
}
giveWay();

const session = new LoadSession();
const post = (r: LoaderReply, transfer: ArrayBuffer[] = []): void => parentPort?.postMessage(r, transfer);
/** the answer being sent, a slice per 'next' */
let sending: { seq: number; delta: LoadDelta; at: number } | null = null;

function sendNext(): void {
  if (!sending) return;
  const { seq, delta, at } = sending;
  const { upserts, removed, origins, report, ...rest } = delta;
  const lists: DeltaLists = { upserts, removed, origins };
  if (LIST_KEYS.some((k) => lists[k].length > at) || REPORT_KEYS.some((k) => report[k].length > at)) {
    const part: Partial<DeltaLists> = {};
    for (const k of LIST_KEYS) if (lists[k].length > at) (part as Record<string, unknown[]>)[k] = lists[k].slice(at, at + LOAD_SLICE);
    const json: Partial<Record<(typeof REPORT_KEYS)[number], Uint8Array>> = {};
    const transfer: ArrayBuffer[] = [];
    for (const k of REPORT_KEYS) {
      if (report[k].length <= at) continue;
      const bytes = encodeEntries(report[k].slice(at, at + LOAD_SLICE));
      json[k] = bytes;
      transfer.push(bytes.buffer as ArrayBuffer);
    }
    post({ kind: 'part', seq, lists: part, report: json }, transfer);
    sending.at += LOAD_SLICE;
    return;
  }
  sending = null;
  post({ kind: 'done', seq, delta: rest, counts: { added: report.added.length, removed: report.removed.length, changed: report.changed.length } });
}

parentPort?.on('message', (msg: LoaderRequest) => {
  if (msg.kind === 'seed') {
    session.seed(msg.seq, msg.defs, msg.origins);
    return;
  }
  if (msg.kind === 'next') {
    if (sending?.seq === msg.seq) sendNext();
    return;
  }
  try {
    sending = { seq: msg.seq, delta: session.run(msg.job, msg.seq, msg.baseSeq), at: 0 };
    sendNext();
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; hint?: unknown };
    post({ kind: 'error', seq: msg.seq, error: { code: err.code, message: String(err.message ?? e), hint: err.hint } });
  }
});
