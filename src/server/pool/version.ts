// Version order used when no comparator is injected: seed 002 compares
// versions "in the 'normal' way, ie, 1.2 is greater than 1.10" — each
// dot-separated part numerically, a missing part counting as 0. A part that is
// not a number compares as text, after every number, so odd input still gives a
// total order rather than an exception.

const NUMERIC = /^\d+$/;

function comparePart(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) {
    const x = Number(a);
    const y = Number(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (an !== bn) return an ? -1 : 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

export function compareVersionsDefault(a: string, b: string): number {
  const pa = a.trim().split('.');
  const pb = b.trim().split('.');
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(pa[i] || '0', pb[i] || '0');
    if (c !== 0) return c;
  }
  return 0;
}
