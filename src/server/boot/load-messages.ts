// The messages between the server thread (loader.ts) and the reread worker
// (load-worker.ts).
import type { PoolDef } from '../core/pool/types.js';
import type { LoadDelta, LoadJob } from './load-job.js';

/** definitions per message, either way: a few ms of the server thread each */
export const LOAD_SLICE = 1_000;

export type LoaderRequest =
  | { kind: 'seed'; seq: number; defs: PoolDef[]; origins: Array<[string, string[]]> }
  | { kind: 'job'; seq: number; baseSeq: number; job: LoadJob }
  /** the next slice of job `seq`'s answer */
  | { kind: 'next'; seq: number };

/** the lists of a LoadDelta that can hold 100,000s of entries, sent in slices */
export type DeltaLists = Pick<LoadDelta, 'upserts' | 'removed' | 'origins'> &
  Pick<LoadDelta['report'], 'added' | 'changed'> & {
    /** the report's removed pools */
    gone: LoadDelta['report']['removed'];
  };
export const LIST_KEYS = ['upserts', 'removed', 'origins', 'added', 'changed', 'gone'] as const;

export type LoaderReply =
  | { kind: 'part'; seq: number; lists: Partial<DeltaLists> }
  | { kind: 'done'; seq: number; delta: Omit<LoadDelta, 'upserts' | 'removed' | 'origins' | 'report'> }
  | { kind: 'error'; seq: number; error: { code: unknown; message: string; hint: unknown } };

