// Handles come from node:crypto, drawn from a pooled buffer: one
// randomFillSync per 4 KiB instead of a crypto call per checkout, at the
// rates issue 8 asks for. The bytes are as
// unguessable as single calls; they are copied out so no caller holds the pool.
import { randomFillSync } from 'node:crypto';

export function pooledRandomBytes(poolSize = 4096): (n: number) => Uint8Array {
  const pool = Buffer.alloc(poolSize);
  let off = poolSize;
  return (n: number): Uint8Array => {
    if (n > poolSize) return randomFillSync(Buffer.alloc(n));
    if (off + n > poolSize) {
      randomFillSync(pool);
      off = 0;
    }
    const out = Uint8Array.prototype.slice.call(pool, off, off + n);
    pool.fill(0, off, off + n);
    off += n;
    return out;
  };
}
