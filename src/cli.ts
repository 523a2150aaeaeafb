import { readFileSync } from 'node:fs';

// The entry point: the only place that exits. `orchestrator --version` is answered before anything else loads,
// so it starts as fast as Node itself; so is a plain `orchestrator serve`, which MCP clients start for every
// session (commands/serve/fast.ts); every other command goes through the commander program, whose commands load
// their own modules when they run.

const argv = process.argv;
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const EXIT_USAGE = 2;
/** 0 success, 1 a failure the user can act on, 2 bad usage, 70 an internal error (a bug). */
const EXIT_CODES = { user: 1, usage: EXIT_USAGE, internal: 70 } as const;

async function main(): Promise<number> {
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const { serveInvocation } = await import('./commands/serve/argv.js');
  const serve = serveInvocation(argv.slice(2));
  if (serve) {
    try {
      const { serveFast } = await import('./commands/serve/fast.js');
      await serveFast(serve, version);
      return Number(process.exitCode ?? 0);
    } catch (error) {
      const { reportError } = await import('./ui/errors.js');
      return EXIT_CODES[reportError(error, { json: false })];
    }
  }
  const [{ buildProgram }, { CommanderError }] = await Promise.all([import('./program.js'), import('commander')]);
  try {
    await buildProgram(version).parseAsync(argv);
    // A change may have started folding the store's journal into a snapshot: let it finish.
    await (await import('./store/background.js')).settleBackground();
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are commander's way of stopping after printing.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const { reportError } = await import('./ui/errors.js');
    return EXIT_CODES[reportError(error, { json: argv.includes('--json') })];
  }
}

process.exit(await main());
