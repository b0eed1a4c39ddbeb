// The entry of dist/cli.js. `licutil --version` is answered here, from the
// constant the build writes in, before any other file of the bundle is read:
// every chunk the program imports costs start-up, and --version is what
// scripts and version checks run most. Anything else loads the program.
declare const __LICUTIL_VERSION__: string;

export async function main(argv: string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${__LICUTIL_VERSION__}\n`);
    return;
  }
  const { run } = await import('./program.js');
  await run(argv);
}
