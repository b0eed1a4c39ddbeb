// Tells the open status pages that something changed (a checkout, a return, a
// reread), so they fetch the new state at once instead of polling. Changes that
// come in a burst are told once: a page refetches at most every DEBOUNCE_MS.

const DEBOUNCE_MS = 150;
/** pages listening at once; more are told to poll (each holds a connection) */
const MAX_LISTENERS = 32;

interface Listener {
  change(): void;
  /** the server is stopping: end the stream */
  close(): void;
}

export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  /** null when the feed is full or closed */
  subscribe(l: Listener): (() => void) | null {
    if (this.closed || this.listeners.size >= MAX_LISTENERS) return null;
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  notify(): void {
    if (this.timer !== null || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const l of this.listeners) l.change();
    }, DEBOUNCE_MS);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const l of this.listeners) l.close();
    this.listeners.clear();
  }

  get size(): number {
    return this.listeners.size;
  }
}
