// Online guessing of a secret the server checks — a license `_password` (HTTP
// checkout and status) or the remote API's com_auth password (its HMAC
// challenge) — is slowed per client address, whatever the connection or user
// name: an attacker can open connections and name any user, but not choose its
// address. A few failures are free (people mistype); the `limit`-th locks the
// address out for 10 s, and each failure after a lock doubles it, up to 10
// minutes. While locked, every attempt with a secret from that address is
// refused before it is checked (a right one too: otherwise the lock would not
// slow guessing), and the transport closes the connection. Failures are
// forgotten after an hour without one (longer than the longest lock, or waiting
// out the forgetting would beat waiting out the lock); a success forgets nothing, so
// knowing one password does not buy guesses at another. Other addresses are
// not affected: a right password from elsewhere keeps working during an attack.
//
// The debug log gets the first failure of an address and every lock (with
// the attempts refused meanwhile): a few lines per address per lock period,
// never one per attempt.

export interface GuessPolicy {
  /** failures from one address before it is locked out; 0 = never */
  limit: number;
  firstLockMs: number;
  maxLockMs: number;
  /** an address with no failure for this long starts again from zero */
  forgetMs: number;
}

export const GUESS_POLICY: Omit<GuessPolicy, 'limit'> = { firstLockMs: 10_000, maxLockMs: 600_000, forgetMs: 60 * 60_000 };
export const DEFAULT_GUESS_LIMIT = 5;

/** addresses remembered at once; past that the least recently failing is dropped */
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  lastMs: number;
  lockedUntilMs: number;
  /** attempts refused during the current lock */
  refused: number;
}

export interface GuessDeps {
  /** monotonic milliseconds */
  nowMs: () => number;
  info: (line: string) => void;
  warn: (line: string) => void;
  policy?: Partial<GuessPolicy>;
}

export class GuessThrottle {
  private readonly seen = new Map<string, Failures>();
  private readonly p: GuessPolicy;

  constructor(private readonly d: GuessDeps) {
    this.p = { limit: DEFAULT_GUESS_LIMIT, ...GUESS_POLICY, ...d.policy };
  }

  get limit(): number {
    return this.p.limit;
  }

  /** Seconds the address must still wait before it may try a secret, or null when it may try now. Counts the refusal. */
  lockedFor(address: string | undefined): number | null {
    const f = this.current(address);
    if (!f) return null;
    const left = f.lockedUntilMs - this.d.nowMs();
    if (left <= 0) return null;
    f.refused += 1;
    return Math.ceil(left / 1000);
  }

  /**
   * A wrong secret from `address`. `what` names the secret ("license password",
   * "remote API authentication"), `who` the client as the transport knows it.
   * Returns the seconds of the lock this failure started, or null when it started none.
   */
  failed(address: string | undefined, what: string, who: string): number | null {
    if (this.p.limit <= 0) return null;
    const key = clientKey(address);
    const now = this.d.nowMs();
    let f = this.current(address);
    if (!f) {
      f = { count: 0, lastMs: now, lockedUntilMs: 0, refused: 0 };
      if (this.seen.size >= MAX_ADDRESSES) this.seen.delete(this.seen.keys().next().value as string);
    }
    // most recently failing last: the first key is the one to drop when full
    this.seen.delete(key);
    this.seen.set(key, f);
    f.count += 1;
    f.lastMs = now;
    if (f.count === 1) this.d.info(`${what} failed from ${who}`);
    if (f.count < this.p.limit) return null;
    const lockMs = Math.min(this.p.maxLockMs, this.p.firstLockMs * 2 ** Math.min(30, f.count - this.p.limit));
    f.lockedUntilMs = now + lockMs;
    const refused = f.refused > 0 ? `; ${f.refused} attempt(s) refused during the last lock` : '';
    f.refused = 0;
    const seconds = Math.ceil(lockMs / 1000);
    this.d.warn(`${what}: ${f.count} wrong in a row from ${key} (last ${who}); it is refused for ${seconds} s and its connection closed${refused}`);
    return seconds;
  }

  private current(address: string | undefined): Failures | undefined {
    if (this.p.limit <= 0) return undefined;
    const key = clientKey(address);
    const f = this.seen.get(key);
    if (f && this.d.nowMs() - f.lastMs > this.p.forgetMs && this.d.nowMs() >= f.lockedUntilMs) {
      this.seen.delete(key);
      return undefined;
    }
    return f;
  }
}

/**
 * The client an address stands for: an IPv4 address (an IPv4-mapped IPv6 one
 * too), or the /64 of an IPv6 address — one host is given a whole /64 and can
 * pick any address in it.
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown address';
  let a = address.toLowerCase();
  const pct = a.indexOf('%');
  if (pct >= 0) a = a.slice(0, pct);
  if (a.startsWith('::ffff:') && a.includes('.')) return a.slice(7);
  if (!a.includes(':')) return a;
  const [head = '', tail] = a.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
