// Writing license and key files: all or nothing, the old mode kept.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LicutilError } from '../../../src/protocol/errors.js';
import { fileExists, nodeKeyFs, writeFileAtomic } from '../../../src/signing/node-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'licutil-io-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';

describe('writeFileAtomic', () => {
  it('replaces the file, keeps its mode and leaves no temporary file behind', () => {
    const f = path.join(dir, 'site.lic');
    writeFileSync(f, 'old\n');
    if (posix) chmodSync(f, 0o640);
    writeFileAtomic(f, 'new\n');
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    if (posix) expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['site.lic']);
  });

  it('gives a new file the mode asked for, whatever the umask', () => {
    const f = path.join(dir, 'acme.key');
    writeFileAtomic(f, 'secret\n', 0o600);
    if (posix) expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('fails with LICUTIL_E_FILE naming the file, and writes nothing, when the directory is missing', () => {
    const f = path.join(dir, 'missing', 'site.lic');
    let err: unknown;
    try {
      writeFileAtomic(f, 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LicutilError);
    expect((err as LicutilError).code).toBe('LICUTIL_E_FILE');
    expect((err as LicutilError).message).toContain(f);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('nodeKeyFs', () => {
  it('reads a file, and says undefined for one that is not there', () => {
    const f = path.join(dir, 'acme.pub');
    writeFileSync(f, 'pem');
    expect(nodeKeyFs.readText(f)).toBe('pem');
    expect(nodeKeyFs.readText(path.join(dir, 'nope.pub'))).toBeUndefined();
    expect(nodeKeyFs.readText(path.join(f, 'under-a-file.pub'))).toBeUndefined();
    expect(fileExists(f)).toBe(true);
    expect(fileExists(path.join(dir, 'nope'))).toBe(false);
  });
});
