// The library as a package user gets it: the built bundle dist/lib.js (esbuild
// turns the lazy `import('undici')` into a chunk whose only export is
// `default`; the client must still find Pool there).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, killAll, startServer, SERVER_BIN } from '../helpers/server.js';

afterAll(killAll);

// the bundle beside the binary under test (LICUTIL_TEST_BIN may point at a private build)
const LIB = path.resolve(path.dirname(SERVER_BIN), '../dist/lib.js');

describe('the built library (dist/lib.js)', () => {
  it('connect → checkout → status → checkin → close, over undici, from the bundle', async () => {
    expect(existsSync(LIB), `${LIB} (run npm run build)`).toBe(true);
    const lib = (await import(pathToFileURL(LIB).href)) as typeof import('../../src/client/index.js');
    expect(typeof lib.connect, 'src/lib.ts exports the client (connect)').toBe('function');
    const server = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 1']) } });
    const client = lib.connect(`${server.port}@127.0.0.1`, { env: {}, transport: 'undici' });
    const lease = await client.checkout('seat', { version: '1.0', count: 1, wait: 0 });
    const [st] = await client.status();
    expect(st?.ok && st.value.pools[0]?.in_use).toBe(1);
    await expect(lease.checkin()).resolves.toMatchObject({ handle: lease.handle });
    await client.close();
    await server.stop();
  });
});
