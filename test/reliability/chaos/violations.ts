// The one list of invariant violations of a chaos run, by kind, with the first
// few messages of each kind kept for the failure report.
export class Violations {
  readonly byKind: Record<string, number> = {};
  readonly samples: string[] = [];

  add(kind: string, message: string): void {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    if ((this.byKind[kind] ?? 0) <= 5 && this.samples.length < 100) this.samples.push(`${kind}: ${message}`);
  }

  get count(): number {
    return Object.values(this.byKind).reduce((a, b) => a + b, 0);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)] as T;
export const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
