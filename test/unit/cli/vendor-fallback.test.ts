// Issue 7: "Without them, say which tool would answer" — the source's style
// picks the tool (LM_LICENSE_FILE: flexlm → lmutil, RLM_LICENSE: rlm → rlmutil),
// and --lmutil/--rlmutil on the command line wins.
import { describe, expect, it } from 'vitest';
import type { LicenseSource, Resolution } from '../../../src/licenv/types.js';
import { chooseTool, missingToolHint, styleOf } from '../../../src/legacy/vendor-fallback.js';

const src = (spec: string, origin: string, style: LicenseSource['style']): LicenseSource => ({ kind: 'server', origin, spec, style, problems: [] });
const resolution = (sources: LicenseSource[]) => ({ sources, setAside: [] }) as unknown as Resolution;

describe('vendor tool choice', () => {
  it('the style of the source the entry came from picks the tool', () => {
    const r = resolution([src('27000@a', 'LM_LICENSE_FILE', 'flexlm'), src('5053@b', 'RLM_LICENSE', 'rlm')]);
    expect(chooseTool(styleOf(r, { spec: '27000@a', origin: 'LM_LICENSE_FILE' }), {})).toBe('lmutil');
    expect(chooseTool(styleOf(r, { spec: '5053@b', origin: 'RLM_LICENSE' }), {})).toBe('rlmutil');
  });

  it('an entry of no known source (a HOST line) is taken for FlexNet', () => {
    expect(styleOf(resolution([]), { spec: '27000@c', origin: 'HOST line of x.lic' })).toBe('flexlm');
  });

  it('--lmutil or --rlmutil alone overrides the style', () => {
    expect(chooseTool('rlm', { lmutil: '/opt/lmutil' })).toBe('lmutil');
    expect(chooseTool('flexlm', { rlmutil: '/opt/rlmutil' })).toBe('rlmutil');
    expect(chooseTool('rlm', { lmutil: '/a', rlmutil: '/b' })).toBe('rlmutil');
  });

  it('the hint names the command that would answer and the option', () => {
    expect(missingToolHint('lmutil', '27000@a')).toBe('a FlexNet server? `lmutil lmstat -a -c 27000@a` would answer; install lmutil or pass --lmutil PATH');
    expect(missingToolHint('rlmutil', '5053@b')).toContain('an RLM server? `rlmutil rlmstat -a -c 5053@b`');
  });
});
