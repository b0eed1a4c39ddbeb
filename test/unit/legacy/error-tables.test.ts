// The FlexNet and RLM tables cover the published ranges (issue 7: "for every
// code in their published tables: FlexNet -1 to -101 and the common higher
// ones; RLM RLM_EL_* and the connection errors"), and explainCode reads the
// forms administrators paste.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorSpec } from '../../../src/protocol/errors.js';
import { FLEXLM_ERRORS, RLM_ERRORS, explainCode, nearestCodes } from '../../../src/legacy/error-tables/index.js';
import { systemErrors } from '../../../src/legacy/error-tables/errno.js';

function range(from: number, to: number): number[] {
  return Array.from({ length: from - to + 1 }, (_, i) => from - i);
}

describe('the tables', () => {
  it('FlexNet: every code from -1 to -101 once, and the common higher ones', () => {
    const codes = FLEXLM_ERRORS.map((e) => e.code);
    for (const n of range(-1, -101)) expect(codes.filter((c) => c === n)).toHaveLength(1);
    for (const n of [-103, -106, -114, -119, -134, -141, -192]) expect(codes).toContain(n);
    expect(new Set(FLEXLM_ERRORS.map((e) => e.name)).size).toBe(FLEXLM_ERRORS.length);
  });

  it('RLM: RLM_EL_* from -1 to -77 and RLM_EH_* from -101 to -194, once each', () => {
    const el = RLM_ERRORS.filter((e) => e.name.startsWith('RLM_EL_')).map((e) => e.code);
    const eh = RLM_ERRORS.filter((e) => e.name.startsWith('RLM_EH_')).map((e) => e.code);
    expect(el).toEqual(range(-1, -77));
    expect(eh).toEqual(range(-101, -194));
  });

  it('every entry says what it means; the everyday ones say what to check', () => {
    for (const e of [...FLEXLM_ERRORS, ...RLM_ERRORS]) {
      expect(e.title.length, e.name).toBeGreaterThan(3);
      expect(e.meaning.length, e.name).toBeGreaterThan(10);
    }
    const everyday = ['LM_NOCONFFILE', 'LM_MAXUSERS', 'LM_NOFEATURE', 'LM_BADCODE', 'LM_NOTTHISHOST', 'LM_LONGGONE', 'LM_CANTCONNECT', 'LM_NOSERVSUPP', 'LM_HOSTDOWN', 'LM_VENDOR_DOWN', 'RLM_EL_NOPRODUCT', 'RLM_EL_ALLINUSE', 'RLM_EH_CONN_REFUSED'];
    for (const name of everyday) {
      const e = [...FLEXLM_ERRORS, ...RLM_ERRORS].find((x) => x.name === name);
      expect(e?.causes.length, name).toBeGreaterThan(0);
      expect(e?.checks.length, name).toBeGreaterThan(0);
    }
  });

  it("licutil's error table points only at codes the vendor tables have", () => {
    for (const [code, spec] of Object.entries(ERROR_CODES as Record<string, ErrorSpec>)) {
      const e = explainCode(code);
      expect(e?.dialect, code).toBe('licutil');
      if (spec.rlm?.startsWith('RLM_')) expect(e?.equivalents.rlm[0], `${code} → ${spec.rlm}`).toMatch(/^RLM_E[HL]_\w+ \(-\d+\)$/);
      if (spec.flexlm?.startsWith('-')) expect(e?.equivalents.flexlm[0], `${code} → ${spec.flexlm}`).toMatch(/^-\d+ \(LM_\w+\)$/);
    }
  });
});

describe('explainCode', () => {
  it('reads the forms people paste', () => {
    const forms: Array<[string, string]> = [
      ['-15', 'LM_CANTCONNECT'],
      [' -15 ', 'LM_CANTCONNECT'],
      ['-15,570:115', 'LM_CANTCONNECT'],
      ['(-15,570:115 "Operation now in progress")', 'LM_CANTCONNECT'],
      ['(-97,121)', 'LM_VENDOR_DOWN'],
      ['-18,327:10054 ""', 'LM_NOSERVSUPP'],
      ['lm_cantconnect', 'LM_CANTCONNECT'],
      ['RLM_EL_EXPIRED', 'RLM_EL_EXPIRED'],
      ['rlm_el_expired', 'RLM_EL_EXPIRED'],
      ['EL_EXPIRED', 'RLM_EL_EXPIRED'],
      ['RLM_EH_CONN_REFUSED', 'RLM_EH_CONN_REFUSED'],
      ['licutil_e_expired', 'LICUTIL_E_EXPIRED'],
    ];
    for (const [input, name] of forms) expect(explainCode(input)?.name, input).toBe(name);
  });

  it('a bare negative number is FlexNet\'s unless the RLM dialect is asked for', () => {
    expect(explainCode('-3')).toMatchObject({ dialect: 'flexlm', name: 'LM_NOSERVER', other_dialect: { dialect: 'rlm', name: 'RLM_EL_EXPIRED' } });
    expect(explainCode('-3', { dialect: 'rlm' })).toMatchObject({ dialect: 'rlm', name: 'RLM_EL_EXPIRED', other_dialect: { name: 'LM_NOSERVER' } });
    expect(explainCode('-111', { dialect: 'rlm' })?.name).toBe('RLM_EH_CONN_REFUSED');
  });

  it('minor and system parts are FlexNet\'s format, whatever the dialect', () => {
    expect(explainCode('-15,570:115', { dialect: 'rlm' })).toMatchObject({ dialect: 'flexlm', minor: 570, system: { number: 115 } });
  });

  it('reads the system error for Linux, macOS/BSD, Solaris and Windows', () => {
    expect(systemErrors(115).map((s) => s.name)).toEqual(['EINPROGRESS']);
    expect(systemErrors(10061).map((s) => s.name)).toEqual(['WSAECONNREFUSED']);
    expect(systemErrors(146).map((s) => [s.name, s.platform])).toEqual([['ECONNREFUSED', 'Solaris']]);
    expect(systemErrors(111, 'Connection refused')[0]?.name).toBe('ECONNREFUSED');
    expect(systemErrors(11).map((s) => s.platform)).toEqual(['Linux', 'Solaris', 'macOS/BSD']);
  });

  it('unknown codes give null; nearestCodes suggests by number or by spelling', () => {
    for (const bad of ['-250', '15', 'hello', 'RLM_EL_NOPE', '-15,x', '']) expect(explainCode(bad), bad).toBeNull();
    expect(nearestCodes('-102', { dialect: 'rlm' })).toEqual(['RLM_EH_READ_NOLICENSE (-102)', 'RLM_EH_NOHANDLE (-101)', 'RLM_EH_NET_INIT (-103)']);
    expect(nearestCodes('15')[0]).toBe('-15 (LM_CANTCONNECT)');
    expect(nearestCodes('LM_CANTCONECT')[0]).toBe('LM_CANTCONNECT');
  });
});
