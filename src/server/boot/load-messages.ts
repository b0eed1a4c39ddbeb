// The messages between the server thread (loader.ts) and the reread worker
// (load-worker.ts).
import type { PoolDef } from '../core/pool/types.js';
import type { ReportJson } from '../adapters/http/reread-answer.js';
import type { LoadDelta, LoadJob } from './load-job.js';

/** definitions per message, either way: a few ms of the server thread each */
export const LOAD_SLICE = 1_000;

export type LoaderRequest =
  | { kind: 'seed'; seq: number; defs: PoolDef[]; origins: Array<[string, string[]]> }
  | { kind: 'job'; seq: number; baseSeq: number; job: LoadJob }
  /** the next slice of job `seq`'s answer */
  | { kind: 'next'; seq: number };

/** the lists of a LoadDelta the server installs, which can hold 100,000s of entries, sent in slices */
export type DeltaLists = Pick<LoadDelta, 'upserts' | 'removed' | 'origins'>;
export const LIST_KEYS = ['upserts', 'removed', 'origins'] as const;
export const REPORT_KEYS = ['added', 'removed', 'changed'] as const;

/**
 * What the server thread gets: the report as JSON the worker encoded (the
 * server only writes it into the answer; as objects, 100,000 changes cost it
 * their copy, their garbage and their serialization).
 */
export type LoadedDelta = Omit<LoadDelta, 'report'> & { report: ReportJson };

export type LoaderReply =
  /** a slice of the lists, and of the report's lists as JSON (their buffers are transferred) */
  | { kind: 'part'; seq: number; lists: Partial<DeltaLists>; report: Partial<Record<(typeof REPORT_KEYS)[number], Uint8Array>> }
  | { kind: 'done'; seq: number; delta: Omit<LoadDelta, 'upserts' | 'removed' | 'origins' | 'report'>; counts: Record<(typeof REPORT_KEYS)[number], number> }
  | { kind: 'error'; seq: number; error: { code: unknown; message: string; hint: unknown } };
