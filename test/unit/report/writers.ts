// Writes one usage history as each of the three logs, in the shapes the
// vendors document: the property tests read them back and compare figures.
// Times are whole seconds in UTC; at one instant checkins are written before
// checkouts (the order the figures below count them in).

export interface Session {
  feature: string;
  user: string;
  host: string;
  count: number;
  start: number;
  end: number;
}

export interface Denial {
  feature: string;
  user: string;
  host: string;
  time: number;
}

export interface History {
  sessions: Session[];
  denials: Denial[];
  /** licenses issued per feature (RLM PRODUCT lines) */
  issued: Record<string, number>;
}

type Step = { time: number; order: number; kind: 'in' | 'out' | 'deny'; i: number };

function steps(h: History): Step[] {
  const out: Step[] = [];
  h.sessions.forEach((s, i) => {
    out.push({ time: s.start, order: 1, kind: 'out', i });
    out.push({ time: s.end, order: 0, kind: 'in', i });
  });
  h.denials.forEach((d, i) => out.push({ time: d.time, order: 2, kind: 'deny', i }));
  return out.sort((a, b) => a.time - b.time || a.order - b.order || a.i - b.i);
}

const p2 = (n: number) => String(n).padStart(2, '0');

export function writeLicutil(h: History): string {
  return steps(h)
    .map((st) => {
      const time = new Date(st.time).toISOString();
      if (st.kind === 'deny') {
        const d = h.denials[st.i] as Denial;
        return JSON.stringify({ time, event: 'denial', user: d.user, host: d.host, product: d.feature, version: '1.0', handle: null, isv: 'acme', count: 1, pid: 1, code: 'LICUTIL_E_ALL_IN_USE' });
      }
      const s = h.sessions[st.i] as Session;
      const base = { time, event: st.kind === 'out' ? 'checkout' : 'checkin', user: s.user, host: s.host, product: s.feature, version: '1.0', handle: `h${st.i}`, isv: 'acme', pool: `acme:${s.feature}:1.0:0`, count: s.count, pid: 1 };
      return JSON.stringify(st.kind === 'out' ? { ...base, overSoft: false, fromQueue: false } : { ...base, heldForMs: 0 });
    })
    .map((l) => `${l}\n`)
    .join('');
}

export function writeFlexnet(h: History): string {
  const all = steps(h);
  const lines: string[] = [];
  const clock = (t: number) => {
    const d = new Date(t);
    return `${String(d.getUTCHours()).padStart(2, ' ')}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  };
  const mdy = (t: number) => {
    const d = new Date(t);
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  };
  const t0 = all[0]?.time ?? 0;
  lines.push(`${clock(t0)} (lmgrd) FlexNet Licensing (v11.19.0.0 build 1 x64_lsb) started on srv (linux) (${mdy(t0)})`);
  lines.push(`${clock(t0)} (acme) Server started on srv for:\tf0\tf1\tf2`);
  let stamped = t0;
  for (const st of all) {
    // lmgrd writes a TIMESTAMP every few hours; between them, midnight is seen from the clock going back
    if (st.time - stamped > 6 * 3_600_000) {
      lines.push(`${clock(st.time)} (lmgrd) TIMESTAMP ${mdy(st.time)}`);
      stamped = st.time;
    }
    if (st.kind === 'deny') {
      const d = h.denials[st.i] as Denial;
      lines.push(`${clock(st.time)} (acme) DENIED: "${d.feature}" ${d.user}@${d.host}  (Licensed number of users already reached. (-4,342))`);
      continue;
    }
    const s = h.sessions[st.i] as Session;
    const n = s.count > 1 ? `  (${s.count} licenses)` : '  ';
    lines.push(`${clock(st.time)} (acme) ${st.kind === 'out' ? 'OUT' : 'IN'}: "${s.feature}" ${s.user}@${s.host}${n}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeRlm(h: History): string {
  const all = steps(h);
  const t0 = all[0]?.time ?? 0;
  const d0 = new Date(t0);
  const md = (t: number) => {
    const d = new Date(t);
    return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  };
  const lines = [
    'RLM Report Log Format 0, version 15.1, authenticated',
    'ISV: acme, RLM version 15.1 BL2',
    `START srv ${p2(d0.getUTCMonth() + 1)}/${p2(d0.getUTCDate())}/${d0.getUTCFullYear()} ${p2(d0.getUTCHours())}:${p2(d0.getUTCMinutes())}`,
  ];
  Object.entries(h.issued).forEach(([f, n], i) => lines.push(`PRODUCT ${f} 1.0 ${i + 1} ${n} 0 0 "" "" "" "" "" "" 0 0 0 0 0 0 0 0 0`));
  for (const st of all) {
    if (st.kind === 'deny') {
      const d = h.denials[st.i] as Denial;
      lines.push(`DENY ${d.feature} 1.0 ${d.user} ${d.host} "" 1 -22 1 ${md(st.time)}`);
      continue;
    }
    const s = h.sessions[st.i] as Session;
    const handle = (st.i + 16).toString(16);
    if (st.kind === 'out') lines.push(`OUT ${s.feature} 1.0 1 ${s.user} ${s.host} "" ${s.count} 0 0 ${handle} 0 1f "" "${s.feature}" "1.0" ${md(st.time)}`);
    else lines.push(`IN 1 ${s.feature} 1.0 ${s.user} ${s.host} "" ${s.count} 0 0 ${handle} ${md(st.time)}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface Expected {
  peak: number;
  peakAt: number | null;
  seatMs: number;
  checkouts: number;
  users: number;
  denials: number;
  /** denials that came while level + 1 <= issued */
  whileFree: number;
}

/** The figures of one feature, counted straight from the history by the same rules. */
export function expected(h: History, feature: string): Expected {
  let level = 0;
  let peak = 0;
  let peakAt: number | null = null;
  let whileFree = 0;
  for (const st of steps(h)) {
    if (st.kind === 'deny') {
      if ((h.denials[st.i] as Denial).feature === feature && level + 1 <= (h.issued[feature] ?? 0)) whileFree++;
      continue;
    }
    const s = h.sessions[st.i] as Session;
    if (s.feature !== feature) continue;
    level += st.kind === 'out' ? s.count : -s.count;
    if (level > peak) {
      peak = level;
      peakAt = st.time;
    }
  }
  const mine = h.sessions.filter((s) => s.feature === feature);
  return {
    peak,
    peakAt,
    seatMs: mine.reduce((n, s) => n + (s.end - s.start) * s.count, 0),
    checkouts: mine.length,
    users: new Set(mine.map((s) => s.user)).size,
    denials: h.denials.filter((d) => d.feature === feature).length,
    whileFree,
  };
}
