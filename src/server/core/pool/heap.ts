// A binary min-heap keyed by a number (a monotonic deadline). Keys and values
// live in parallel arrays so a push or pop allocates nothing per entry. Entries
// are never removed from the middle: the owner checks on pop whether an entry
// still matters (lazy deletion), which keeps every operation O(log n).

export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly vals: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  peekKey(): number | undefined {
    return this.keys[0];
  }

  peek(): T | undefined {
    return this.vals[0];
  }

  /** Every value, in no particular order. */
  values(): readonly T[] {
    return this.vals;
  }

  push(key: number, value: T): void {
    const keys = this.keys;
    const vals = this.vals;
    let i = keys.length;
    keys.push(key);
    vals.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      keys[i] = pk;
      vals[i] = vals[parent] as T;
      i = parent;
    }
    keys[i] = key;
    vals[i] = value;
  }

  /** Removes and returns the value with the smallest key, or undefined when empty. */
  pop(): T | undefined {
    const keys = this.keys;
    const vals = this.vals;
    const n = keys.length;
    if (n === 0) return undefined;
    const top = vals[0] as T;
    const lastKey = keys.pop() as number;
    const lastVal = vals.pop() as T;
    if (n > 1) {
      const m = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && (keys[r] as number) < (keys[l] as number)) c = r;
        if ((keys[c] as number) >= lastKey) break;
        keys[i] = keys[c] as number;
        vals[i] = vals[c] as T;
        i = c;
      }
      keys[i] = lastKey;
      vals[i] = lastVal;
    }
    return top;
  }
}
