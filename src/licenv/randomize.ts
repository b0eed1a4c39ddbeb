// RLM_PATH_RANDOMIZE: "Setting RLM_PATH_RANDOMIZE (to any value) causes RLM to
// randomize the license path ... RLM_PATH_RANDOMIZE operates by selecting a new
// starting point in the license list, and wrapping around from the last license
// spec to the first. Otherwise, the order of the license list is preserved."
// (RLM administration guide, "RLM Environment Variables").
//
// The point is spreading users over servers. licutil reads every file of the
// list anyway, so only the order of the servers matters: the RLM-style server
// entries are rotated among the places they hold, and everything else stays
// where it is. FlexLM variables are not RLM's and are left alone.
import type { LicenseSource } from './types.js';

export function rotateRlmServers(sources: LicenseSource[], random: () => number, notes: string[]): LicenseSource[] {
  const slots = sources.flatMap((s, i) => (s.kind === 'server' && s.style === 'rlm' ? [i] : []));
  const n = slots.length;
  if (n < 2) {
    notes.push(`RLM_PATH_RANDOMIZE is set; with ${n === 0 ? 'no RLM server' : 'one RLM server'} in the list there is nothing to reorder`);
    return sources;
  }
  const x = random();
  const start = Number.isFinite(x) ? Math.min(n - 1, Math.max(0, Math.floor(x * n))) : 0;
  const servers = slots.map((i) => sources[i] as LicenseSource);
  const rotated = [...servers.slice(start), ...servers.slice(0, start)];
  const out = [...sources];
  slots.forEach((slot, k) => {
    out[slot] = rotated[k] as LicenseSource;
  });
  notes.push(
    `RLM_PATH_RANDOMIZE is set: the ${n} RLM server entries start from ${rotated[0]?.spec} (entry ${start + 1}) and wrap around, as RLM does`,
  );
  return out;
}
