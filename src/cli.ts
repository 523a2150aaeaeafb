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
  if (argv[2] === '__complete') {
    // The shell's completion asks with the words typed so far; commander must not parse them as options.
    const { runCompletion } = await import('./commands/completion/run.js');
    await runCompletion(buildProgram(version), argv.slice(3));
    return 0;
  }
  try {
    await buildProgram(version).parseAsync(argv);
    // A change may have started folding the store's journal into a snapshot: let it finish.
    await (await import('./store/background.js')).settleBackground();
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Help and version "errors" are commander's way of stopping after printing.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    // A command group run without its subcommand has already printed its help: that is the message.
    if (error instanceof CommanderError && error.code === 'commander.help') return EXIT_USAGE;
    const { reportError, usageError } = await import('./ui/errors.js');
    const reported = error instanceof CommanderError ? usageError(error.message) : error;
    return EXIT_CODES[reportError(reported, { json: argv.includes('--json') })];
  }
}

/**
 * Resolves once everything written to `stream` so far has reached the reader. process.exit drops what a pipe
 * has not taken yet (a pipe holds 64 KiB), so a large --json answer piped to a slow reader would be cut short.
 * A reader that went away (EPIPE, as with `| head`) has all it wanted: that is not an error.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const code = await main();
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
