// The README's library example is code a user pastes: it runs here as written,
// against a server on the shipped sample licenses, as a program that imports
// 'licutil' (the package's own exports and types, not the sources).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { killAll, startServer, tempDir } from '../helpers/server.js';

afterAll(killAll);

function libraryExample(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### As a library'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined) throw new Error('README.md has no ```ts block under "### As a library"');
  return code;
}

function consumerDir(): string {
  const dir = tempDir('licutil-readme-');
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'licutil'), 'dir');
  // a TypeScript user of a Node.js library has Node's types
  symlinkSync(path.join(ROOT, 'node_modules', '@types'), path.join(dir, 'node_modules', '@types'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  return dir;
}

describe('README', () => {
  it('the library example type-checks in a TypeScript program that imports licutil', () => {
    const dir = consumerDir();
    writeFileSync(path.join(dir, 'example.ts'), libraryExample());
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['example.ts'] }),
    );
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    // tsc over the library's declarations and @types/node: tens of seconds on a loaded machine
  }, 180_000);

  it('the library example runs against a server on the sample licenses', async () => {
    const server = await startServer({ licenses: { 'acme.lic': readFileSync(path.join(ROOT, 'examples/licenses/acme.lic'), 'utf8') } });
    const dir = consumerDir();
    const code = libraryExample().replace("'5053@127.0.0.1'", `'${server.port}@127.0.0.1'`);
    expect(code).toContain(`${server.port}@127.0.0.1`);
    writeFileSync(path.join(dir, 'example.mjs'), `${code}\nconsole.log('example done');\n`);
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('example done');
    expect(r.status).toBe(0);
  });
});
