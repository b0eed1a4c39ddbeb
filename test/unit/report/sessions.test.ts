// The open checkouts of logs without handles (FlexNet): kept on the user's
// tally of the feature (src/report/open-sessions.ts), found again by server,
// user, host and count, and ended only for the daemon that stops.
import { describe, expect, it } from 'vitest';
import { feature, reportOf } from './helpers.js';

describe('open checkouts without a handle', () => {
  it("a checkin takes the same daemon's checkout of its count; a daemon that exits ends only its own", async () => {
    const log = [
      ' 9:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1 x64_lsb) started on srv (linux) (3/4/2025)',
      ' 9:00:01 (acme) Server started on srv for: solver',
      ' 9:00:01 (beta) Server started on srv for: solver',
      ' 9:10:00 (acme) OUT: "solver" alice@ws1  (2 licenses)',
      ' 9:20:00 (acme) OUT: "solver" alice@ws1  ',
      ' 9:30:00 (beta) OUT: "solver" alice@ws1  ',
      ' 9:35:00 (acme) OUT: "solver" alice@ws2  ',
      // one license: the 9:20 checkout, not the older one of two licenses
      ' 9:40:00 (acme) IN: "solver" alice@ws1  ',
      ' 9:50:00 (acme) IN: "solver" alice@ws2  ',
      // acme's 9:10 checkout ends here; beta's goes on
      '10:10:00 (acme) EXITING DUE TO SIGNAL 15',
      '10:30:00 (beta) IN: "solver" alice@ws1  ',
      '',
    ].join('\n');
    const r = await reportOf(['-'], { stdin: log });
    // 2 × 1 h + 20 min + 1 h + 15 min; 5 seats from 9:35 to 9:40
    expect(feature(r, 'solver')).toMatchObject({ hours: 3.58, checkouts: 4, ended_by_server: 1, open_at_start: 0, open_at_end: 0, peak: 5, peak_at: '2025-03-04T09:35:00.000Z', hours_at_peak: 0.08 });
    expect(r.hosts.find((h) => h.name === 'ws1')).toMatchObject({ hours: 3.33, checkouts: 3 });
    expect(r.hosts.find((h) => h.name === 'ws2')).toMatchObject({ hours: 0.25, checkouts: 1 });
  });

  it('a checkout open at the end is counted to the end, whichever daemon holds it', async () => {
    const log = [
      ' 9:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1 x64_lsb) started on srv (linux) (3/4/2025)',
      ' 9:00:00 (acme) OUT: "solver" bob@ws1  ',
      ' 9:00:00 (beta) OUT: "solver" bob@ws1  (3 licenses)',
      '10:00:00 (acme) IN: "solver" bob@ws1  (3 licenses)',
      '11:00:00 (lmgrd) TIMESTAMP 3/4/2025',
      '',
    ].join('\n');
    const r = await reportOf(['-'], { stdin: log });
    // acme's checkin takes acme's one license (the count differs, but it is the only one of that daemon); beta's 3 run to 11:00
    expect(feature(r, 'solver')).toMatchObject({ hours: 7, checkouts: 2, open_at_end: 1, peak: 4 });
  });
});
