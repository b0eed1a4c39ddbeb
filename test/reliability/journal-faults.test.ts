// Faults under the journal, against a real server process where the machine
// allows it:
//
// - disk full: the state directory is a 256 KiB tmpfs (we run as root in CI;
//   where `mount` is refused the same checks run in-process over an injected
//   file system that fails like a full disk). Once the journal cannot write,
//   every new grant is refused with 503 LICUTIL_E_JOURNAL — never granted
//   without being recorded — while holders keep renewing and returning; when
//   space returns, grants resume by themselves; after a SIGKILL every
//   acknowledged checkout is restored and the journal has no damaged line.
// - a torn last record (a crash in the middle of a write) and a damaged record
//   in the middle are skipped and reported at start-up; every other record is
//   restored, and the file is clean again afterwards.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJournal } from '../../src/server/stores/file/codec.js';
import { FileJournal } from '../../src/server/stores/file/file-journal.js';
import type { JournalFile, JournalFs } from '../../src/server/stores/file/fs.js';
import { nodeJournalFs } from '../../src/server/stores/file/node-fs.js';
import { demoLicense, eventually, killAll, startServer, tempDir, type ApiResult, type ServerHandle } from '../helpers/server.js';
import { inProcessApp, poolDef } from './support/app.js';
import { recordFigures } from './support/figures.js';

const mounts: string[] = [];
afterAll(async () => {
  await killAll();
  for (const m of mounts) spawnSync('umount', ['-l', m]);
});

const figures: Record<string, number | string> = {};
afterAll(() => recordFigures('journal-faults', { ...figures, violations: 0 }));

/** Mounts a tmpfs of `size` on dir; false when this machine does not let us. */
function mountTmpfs(dir: string, size: string): boolean {
  if (process.platform !== 'linux' || process.env.LICUTIL_RELIABILITY_NO_MOUNT === '1') return false;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  mounts.push(dir);
  return true;
}

/** Writes zeros into `file` until the file system is full; returns the bytes written. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  let n = 0;
  try {
    for (;;) n += writeSync(fd, chunk);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return n;
}

const who = (pid: number) => ({ product: 'seat', user: `u${pid}`, host: 'h', pid, lease: 600 });
interface Status {
  server: { journal: string };
  pools: Array<{ product: string; checkouts: Array<{ handle: string }> }>;
}
/** The live checkouts as status names them: by public id. */
const idsOf = async (s: ServerHandle) => (await s.api<Status>('GET', '/v1/status')).json.pools.flatMap((p) => p.checkouts.map((c) => c.handle)).sort();
/** Each holder's handle → the public id its checkout answer gave. */
const idOfHandle = new Map<string, string>();
async function checkout(s: ServerHandle, body: Record<string, unknown>): Promise<ApiResult> {
  const r = await s.api('POST', '/v1/checkout', body);
  if (r.status === 200) idOfHandle.set(r.json.handle as string, String(r.json.id));
  return r;
}
const idsFor = (handles: readonly string[]) => handles.map((h) => idOfHandle.get(h) ?? `no id for ${h}`).sort();
const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

/** A file system that fails every write while `full`, after letting `partial` bytes through. */
class FullDisk implements JournalFs {
  full = false;
  partial = 37;
  mkdirp = nodeJournalFs.mkdirp;
  readChunks = nodeJournalFs.readChunks;
  replaceDurably = nodeJournalFs.replaceDurably;
  async openAppend(p: string): Promise<JournalFile> {
    const real = await nodeJournalFs.openAppend(p);
    return {
      ...real,
      write: async (data: Buffer) => {
        if (this.full) {
          await real.write(data.subarray(0, Math.min(this.partial, data.length)));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await real.write(data);
      },
    };
  }
}

describe('disk full', () => {
  it('grants are refused with LICUTIL_E_JOURNAL (never made unrecorded), holders carry on, grants resume when space returns, nothing acknowledged is lost', async () => {
    const dir = tempDir('licutil-diskfull-');
    const state = path.join(dir, 'state');
    mkdirSync(state, { recursive: true });
    const mounted = mountTmpfs(state, '256k');
    figures.disk_full_mode = mounted ? 'real server on a 256 KiB tmpfs' : 'in-process, injected ENOSPC (mount refused)';

    const acked: string[] = [];
    let refused = 0;
    if (mounted) {
      const s = await startServer({ dir, licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1000']) } });
      for (let i = 0; i < 3; i++) acked.push((await checkout(s, who(i))).json.handle as string);
      figures.filler_bytes = fillUp(path.join(state, 'filler'));
      // a record may still fit in the journal's last page; the first refusal comes soon after
      let first: { status: number; json: { error?: { code: string; message: string; hint?: string } } } | null = null;
      for (let i = 0; i < 400 && !first; i++) {
        const r = await checkout(s, who(100 + i));
        if (r.status === 200) acked.push(r.json.handle as string);
        else first = r;
      }
      expect(first?.status).toBe(503);
      expect(first?.json.error?.code).toBe('LICUTIL_E_JOURNAL');
      expect(first?.json.error?.message).toMatch(/cannot record new checkouts.*(ENOSPC|no space)/);
      expect(first?.json.error?.hint).toMatch(/disk full/);
      // from now on every new grant is refused, for as long as the disk is full
      for (let i = 0; i < 20; i++) {
        const r = await checkout(s, who(600 + i));
        expect(r.status).toBe(503);
        expect(r.json.error?.code).toBe('LICUTIL_E_JOURNAL');
        refused++;
      }
      const st = await s.api<Status>('GET', '/v1/status');
      expect(st.json.server.journal).toBe('failing');
      expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/^licutil_journal_healthy 0$/m);
      // holders are not affected: renewals need no record, a checkin is answered
      for (const h of acked.slice(0, 5)) expect((await s.api('POST', '/v1/heartbeat', { handle: h })).status).toBe(200);
      const returned = acked.shift() as string;
      expect((await s.api('POST', '/v1/checkin', { handle: returned })).status).toBe(200);

      // space returns: the journal probes by itself and grants resume
      unlinkSync(path.join(state, 'filler'));
      const t0 = Date.now();
      const again = await eventually(async () => {
        const r = await checkout(s, who(900));
        return r.status === 200 ? (r.json.handle as string) : undefined;
      }, 10_000, 100);
      figures.recovery_ms = Date.now() - t0;
      acked.push(again);
      expect((await s.api<Status>('GET', '/v1/status')).json.server.journal).toBe('ok');

      // a crash now: every acknowledged checkout is restored, the journal has no damaged line
      await s.kill();
      const journal = readFileSync(path.join(state, 'journal.ndjson'));
      expect(decodeJournal(journal).problems).toEqual([]);
      const s2 = await startServer({ dir, files: ['demo.lic'] });
      const restored = await idsOf(s2);
      for (const id of idsFor(acked)) expect(restored).toContain(id);
      // the checkin answered while the disk was full may come back as a lease that lapses by itself (docs/protocol.md)
      expect(restored.filter((id) => id !== idOfHandle.get(returned)).sort()).toEqual(idsFor(acked));
      expect(s2.stderr()).not.toMatch(/journal\.ndjson:\d+: skipped/);
      await s2.stop();
    } else {
      const disk = new FullDisk();
      const journal = await FileJournal.open(state, { fs: disk, retryMs: 100 });
      const h = await inProcessApp({ defs: [poolDef({ product: 'seat', count: 1000 })], journal });
      const post = async (url: string, payload: unknown) => {
        const r = await h.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
        return { status: r.statusCode, json: JSON.parse(r.body) as { handle?: string; error?: { code: string; message: string } } };
      };
      for (let i = 0; i < 3; i++) acked.push((await post('/v1/checkout', who(i))).json.handle as string);
      disk.full = true;
      for (let i = 0; i < 20; i++) {
        const r = await post('/v1/checkout', who(100 + i));
        expect(r.status).toBe(503);
        expect(r.json.error?.code).toBe('LICUTIL_E_JOURNAL');
        refused++;
      }
      expect((await post('/v1/heartbeat', { handle: acked[0] })).status).toBe(200);
      disk.full = false;
      acked.push(await eventually(async () => (await post('/v1/checkout', who(900))).json.handle, 5_000, 50));
      await h.close();
      await journal.close();
      const d = decodeJournal(readFileSync(path.join(state, 'journal.ndjson')));
      expect(d.problems).toEqual([]);
      expect(d.records.filter((r) => r.t === 'grant').map((r) => (r as { handle: string }).handle).sort()).toEqual([...acked].sort());
    }
    figures.acknowledged = acked.length;
    figures.refused_while_full = refused;
    if (mounted && spawnSync('umount', [state]).status === 0) mounts.splice(mounts.indexOf(state), 1);
    if (!mounts.includes(state)) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('damaged journal records', () => {
  it('a torn last record and a damaged middle one are skipped and reported; every other checkout is restored and the file is clean again', async () => {
    const s1 = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 10']) } });
    const handles: string[] = [];
    for (let i = 0; i < 6; i++) handles.push((await checkout(s1, who(i))).json.handle as string);
    await s1.kill();

    const file = path.join(s1.stateDir, 'journal.ndjson');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    // the journal keys each lease by the SHA-256 of its holder's handle
    const lineOf = (h: string) => lines.findIndex((l) => l.includes(sha256(h)));
    // damage the record of handles[2] (a checksum mismatch), tear the last record in half
    const damaged = handles[2] as string;
    const torn = handles[5] as string;
    expect(lineOf(torn)).toBe(lines.length - 1);
    lines[lineOf(damaged)] = (lines[lineOf(damaged)] as string).replace('"user":"u2"', '"user":"u9"');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const last = lines[lines.length - 1] as string;
    truncateSync(file, Buffer.byteLength(text) - Math.floor(Buffer.byteLength(last) / 2) - 1);

    const s2 = await startServer({ dir: s1.dir, files: ['demo.lic'] });
    const err = s2.stderr();
    expect(err).toMatch(new RegExp(`journal\\.ndjson:${lineOf(damaged) + 1}: skipped: .*checksum`));
    expect(err).toMatch(/journal\.ndjson:\d+: skipped: incomplete last record \(\d+ bytes; the server stopped mid-write\)/);
    expect(err).toMatch(/journal restored 4 checkout\(s\)/);
    expect(await idsOf(s2)).toEqual(idsFor(handles.filter((h) => h !== damaged && h !== torn)));
    expect((await s2.api('POST', '/v1/heartbeat', { handle: torn })).json.error?.code).toBe('LICUTIL_E_NO_SUCH_HANDLE');
    // the server goes on writing on a clean line; a second restart reads everything
    const more = (await checkout(s2, who(7))).json.handle as string;
    await s2.kill();
    expect(decodeJournal(readFileSync(file)).problems).toEqual([]);
    const s3 = await startServer({ dir: s1.dir, files: ['demo.lic'] });
    expect(await idsOf(s3)).toEqual(idsFor([...handles.filter((h) => h !== damaged && h !== torn), more]));
    expect(s3.stderr()).not.toMatch(/skipped/);
    await s3.stop();
    figures.torn_and_damaged_records_skipped = 2;
    figures.records_restored_around_them = 4;
  }, 60_000);
});
