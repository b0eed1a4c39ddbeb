// log_options (seed 000 §5.2): "a comma separated list of assignments", applied in order.
import { describe, expect, it } from 'vitest';
import { formatLogOptions, parseLogOptions } from '../../../src/config/index.js';

describe('parseLogOptions', () => {
  it('the seed example: "license.level=info,all.max_size=0,license.max_size=1"', () => {
    const r = parseLogOptions('license.level=info,all.max_size=0,license.max_size=1');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.options.layers).toEqual({ license: { level: 'info', max_size: 1 } });
    expect(r.options.assignments.map((a) => `${a.key}=${a.value}`)).toEqual(['license.level=info', 'all.max_size=0', 'license.max_size=1']);
  });

  it('"all" sets every layer; later assignments override earlier ones', () => {
    expect(parseLogOptions('license.level=debug,all.level=error').options.layers.license?.level).toBe('error');
    expect(parseLogOptions('all.level=error,license.level=debug').options.layers.license?.level).toBe('debug');
  });

  it('"layer.payload=[0|1]", "layer.key=[0|1]", "layer.crypto=[0|1]"', () => {
    expect(parseLogOptions('license.payload=1,license.key=0,license.crypto=1').options.layers.license).toEqual({ payload: true, key: false, crypto: true });
  });

  it('"time=[sec|short|full]" and "time.us=[0|1]"', () => {
    expect(parseLogOptions('time=full,time.us=1').options).toMatchObject({ time: 'full', timeUs: true });
  });

  it('"file=cut", "file.rotate=now|size|#count" (K, M, G), "file.path=path", "append=[0|1]"', () => {
    expect(parseLogOptions('file=cut').options.cut).toBe(true);
    expect(parseLogOptions('file.rotate=now').options.rotate).toEqual({ kind: 'now' });
    expect(parseLogOptions('file.rotate=10M').options.rotate).toEqual({ kind: 'size', bytes: 10 * 1024 * 1024 });
    expect(parseLogOptions('file.rotate=512').options.rotate).toEqual({ kind: 'size', bytes: 512 });
    expect(parseLogOptions('file.rotate=2G').options.rotate).toEqual({ kind: 'size', bytes: 2 * 1024 ** 3 });
    expect(parseLogOptions('file.rotate=#1000').options.rotate).toEqual({ kind: 'count', count: 1000 });
    expect(parseLogOptions('file.rotate=#5K').options.rotate).toEqual({ kind: 'count', count: 5000 });
    expect(parseLogOptions('file.path=/var/log/old').options.path).toBe('/var/log/old');
    expect(parseLogOptions('file.path=old', undefined, '/etc/lte').options.path).toBe('/etc/lte/old');
    expect(parseLogOptions('append=1').options.append).toBe(true);
  });

  it('spaces around items and empty items are ignored', () => {
    expect(parseLogOptions(' license.level = info , ,').options.layers.license?.level).toBe('info');
  });

  it('bad values are errors naming the assignment and what is allowed', () => {
    expect(parseLogOptions('license.level=loud,time=long,file=keep,file.rotate=#0,license.max_size=-1,append=yes,levels').errors).toEqual([
      'license.level=loud: expected none, error, warn, info, debug',
      'time=long: expected sec, short or full',
      'file=keep: expected cut',
      'file.rotate=#0: expected now, a size (10M) or #count (#1000) greater than 0',
      'license.max_size=-1: expected a number of bytes (0 or more)',
      'append=yes: expected 0 or 1',
      '"levels" is not an assignment (name=value)',
    ]);
  });

  it('layers of other Amarisoft components and unknown options are warnings, and ignored', () => {
    const r = parseLogOptions('phy.level=debug,license.color=red,colour=1,license.level=info');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      'log layer "phy" is not a layer of this server (license, all); phy.level is ignored',
      'unknown log option "license.color" is ignored (a layer takes level, max_size, payload, key, crypto)',
      'unknown log option "colour" is ignored',
    ]);
    expect(r.options.assignments).toEqual([{ key: 'license.level', value: 'info' }]);
  });

  it('applies on top of a base (the monitor\'s "log" command), leaving the base unchanged', () => {
    const base = parseLogOptions('license.level=info,time=full').options;
    const next = parseLogOptions('license.level=debug', base).options;
    expect(next).toMatchObject({ time: 'full', layers: { license: { level: 'debug' } } });
    expect(base.layers.license?.level).toBe('info');
  });

  it('formatLogOptions writes a list that parses back to the same options', () => {
    const o = parseLogOptions('all.level=debug,license.max_size=64,license.payload=1,time=sec,time.us=0,file.rotate=#100,file.path=/p,append=0').options;
    const again = parseLogOptions(formatLogOptions(o)).options;
    expect({ ...again, assignments: [] }).toEqual({ ...o, assignments: [] });
  });
});
