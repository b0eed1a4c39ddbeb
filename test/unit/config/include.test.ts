// `include "file"` (merged where it stands) and `#include` (text spliced in),
// relative to the including file (seed 000 §5.1); cycles and unreadable files
// are reported at the include that causes them.
import { describe, expect, it } from 'vitest';
import { configToJson, readConfig } from '../../../src/config/index.js';
import { MAX_INCLUDE_DEPTH } from '../../../src/config/read.js';
import { clean, problems, read, tree } from './helpers.js';

describe('include "file"', () => {
  it('merges into the object where it stands, also a nested one', () => {
    expect(clean('sub: { a: 1, include "s.cfg", c: 3 }', { 's.cfg': '{ a: 10, b: 2 }' })).toEqual({ sub: { a: 10, b: 2, c: 3 } });
  });

  it('objects and arrays merge recursively with what came before (§5.1.1)', () => {
    expect(clean('o: { x: 1, l: [1, 2, 3] }, include "more.cfg",', { 'more.cfg': 'o: { y: 2, l: [9] }' })).toEqual({ o: { x: 1, y: 2, l: [9, 2, 3] } });
  });

  it('the file name may be an expression', () => {
    expect(clean('#define DIR "conf/"\ninclude DIR + "x.cfg",\ninclude `conf/${"y"}.cfg`', { 'conf/x.cfg': 'x: 1', 'conf/y.cfg': 'y: 2' })).toEqual({ x: 1, y: 2 });
  });

  it('an absolute path is used as it is', () => {
    expect(clean('include "/etc/lic/common.cfg"', { '/etc/lic/common.cfg': 'c: 1' })).toEqual({ c: 1 });
  });

  it('defines made in an included file are visible after it (one preprocessor for the whole read)', () => {
    expect(clean('include "defs.cfg",\nport: PORT', { 'defs.cfg': '#define PORT 9050\n' })).toEqual({ port: 9050 });
  });

  it('include: with a colon is an ordinary property called include', () => {
    expect(clean('include: "x.cfg"')).toEqual({ include: 'x.cfg' });
  });

  it('the same file included twice is not a cycle', () => {
    expect(clean('a: { include "c.cfg" }, b: { include "c.cfg" }', { 'c.cfg': 'c: 1' })).toEqual({ a: { c: 1 }, b: { c: 1 } });
  });

  it('include needs a string', () => {
    expect(problems('include 42,')).toEqual(['main.cfg:1:9: error: include needs the name of a file as a string, not number 42']);
  });

  it('errors inside an included file name that file', () => {
    expect(problems('a: 1, include "bad.cfg", b: 2', { 'bad.cfg': 'x: 1,\ny: ]' })).toEqual(["bad.cfg:2:4: error: expected a value, found ']'"]);
  });
});

describe('#include', () => {
  it('splices the file\'s text where it stands (inside an array, too)', () => {
    expect(clean('list: [\n#include "items.cfg"\n, 3]', { 'items.cfg': '1, 2' })).toEqual({ list: [1, 2, 3] });
  });

  it('is relative to the file that contains it', () => {
    const files = { 'a/main.cfg': '#include "b/part.cfg"\n', 'a/b/part.cfg': '#include "../c.cfg"\nb: 1,', 'a/c.cfg': 'c: 1,' };
    const r = readConfig('a/main.cfg', tree(files));
    expect(r.diagnostics).toEqual([]);
    expect(configToJson(r.value)).toEqual({ c: 1, b: 1 });
    expect(r.files).toEqual(['a/main.cfg', 'a/b/part.cfg', 'a/c.cfg']);
  });
});

describe('cycles and unreadable files', () => {
  it('a cycle is reported at the include that closes it: a.cfg → b.cfg → a.cfg', () => {
    const r = readConfig('a.cfg', tree({ 'a.cfg': 'a: 1, include "b.cfg",', 'b.cfg': 'b: 1,\ninclude "a.cfg",' }));
    expect(r.diagnostics).toEqual([
      { file: 'b.cfg', line: 2, column: 1, severity: 'error', code: 'CFG_INCLUDE_CYCLE', message: 'include cycle: a.cfg → b.cfg → a.cfg', hint: 'remove one of these includes' },
    ]);
    expect(configToJson(r.value)).toEqual({ a: 1, b: 1 });
  });

  it('a file including itself, and #include cycles, are cycles too', () => {
    expect(problems('include "main.cfg"')).toEqual(['main.cfg:1:1: error: include cycle: main.cfg → main.cfg']);
    expect(problems('#include "x.cfg"', { 'x.cfg': '\n#include "main.cfg"' })).toEqual(['x.cfg:2:1: error: include cycle: main.cfg → x.cfg → main.cfg']);
  });

  it('cycle names are relative to the configuration file\'s directory', () => {
    const r = readConfig('/etc/lte/license.cfg', tree({ '/etc/lte/license.cfg': 'include "sub/x.cfg"', '/etc/lte/sub/x.cfg': 'include "../license.cfg"' }));
    expect(r.diagnostics[0]?.message).toBe('include cycle: license.cfg → sub/x.cfg → license.cfg');
  });

  it(`includes nested deeper than ${MAX_INCLUDE_DEPTH} are refused`, () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${i}.cfg`] = `include "f${i + 1}.cfg",`;
    files['f40.cfg'] = 'end: 1';
    const r = readConfig('f0.cfg', tree(files));
    expect(r.diagnostics.map((d) => `${d.file}:${d.code}`)).toEqual([`f${MAX_INCLUDE_DEPTH - 1}.cfg:CFG_LIMIT`]);
  });

  it('a missing include names the file as written and where it was looked for', () => {
    expect(problems('\n  include "sub/none.cfg",')).toEqual(['main.cfg:2:3: error: cannot read included file "sub/none.cfg" (sub/none.cfg): no such file']);
  });

  it('without io.exists, the read error is given', () => {
    const r = readConfig('m.cfg', { read: (p) => (p === 'm.cfg' ? '#include "x.cfg"' : (() => { throw new Error('EACCES: permission denied'); })()) });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['cannot read included file "x.cfg" (x.cfg): EACCES: permission denied']);
  });

  it('an unreadable configuration file gives an empty object and one diagnostic at 1:1', () => {
    const r = readConfig('nowhere.cfg', tree({}));
    expect(configToJson(r.value)).toEqual({});
    expect(r.diagnostics).toEqual([{ file: 'nowhere.cfg', line: 1, column: 1, severity: 'error', code: 'CFG_READ', message: 'cannot read configuration file nowhere.cfg: no such file' }]);
    expect(r.files).toEqual([]);
  });

  it('an empty include name is an error', () => {
    expect(read('include "",').messages).toEqual(['main.cfg:1:1: error: include needs a file name, not an empty string']);
  });
});
