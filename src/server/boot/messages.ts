// A site with 100,000 license lines gets the same note 100,000 times ("served
// without a verified signature", "serving ..."): the debug log and a reread's
// answer were buried under them, and writing them stopped the server for
// seconds. Notes of one kind are kept up to a limit, then counted in one line
// that says where to see them all (`licutil stat -i` lists every license).
export interface StartupMessage {
  level: 'info' | 'warn' | 'error';
  text: string;
  /** notes of the same kind are capped together; a message without a kind is always kept */
  kind?: string;
}

const KIND_LABELS: Record<string, string> = {
  diagnostic: 'errors in license files',
  excluded: 'licenses not served',
  unverified: 'licenses served without a verified signature',
  'node-locked': 'node-locked licenses served to any client',
  'named-user': 'named_user licenses served as counted',
  expiring: 'licenses expiring soon',
  serving: 'pools served',
};

export const MESSAGES_PER_KIND = 20;

export function capRepeated(messages: readonly StartupMessage[], max = MESSAGES_PER_KIND): StartupMessage[] {
  const seen = new Map<string, number>();
  for (const m of messages) if (m.kind !== undefined) seen.set(m.kind, (seen.get(m.kind) ?? 0) + 1);
  const out: StartupMessage[] = [];
  const kept = new Map<string, number>();
  for (const m of messages) {
    if (m.kind === undefined) {
      out.push(m);
      continue;
    }
    const n = (kept.get(m.kind) ?? 0) + 1;
    kept.set(m.kind, n);
    if (n <= max) out.push(m);
    const total = seen.get(m.kind) ?? 0;
    if (n === max && total > max) {
      const label = KIND_LABELS[m.kind] ?? m.kind;
      out.push({ level: m.level, kind: `${m.kind}-more`, text: `... and ${total - max} more ${label} (licutil stat -i lists every license)` });
    }
  }
  return out;
}
