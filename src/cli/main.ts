// The entry of dist/cli.js. `licutil --version` is answered here, from the
// constant the build writes in, before any other file of the bundle is read:
// every chunk the program imports costs start-up, and --version is what
// scripts and version checks run most. Anything else loads the program.
import module from 'node:module';

declare const __LICUTIL_VERSION__: string;

// Node.js >= 22.1 can keep the compiled code of the chunks loaded below between
// runs (in the system's temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off). Older versions have no such call and compile every time.
const enableCompileCache = (module as { enableCompileCache?: () => unknown }).enableCompileCache;

export async function main(argv: string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${__LICUTIL_VERSION__}\n`);
    return;
  }
  enableCompileCache?.();
  const { run } = await import('./program.js');
  await run(argv);
}
