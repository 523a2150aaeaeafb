import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerRolesCommands } from './commands/roles/command.js';
import { registerDbCommands } from './commands/db/command.js';
import { registerDoctorCommands } from './commands/doctor/command.js';
import { registerInstallCommands } from './commands/install/command.js';
import { registerServeCommands } from './commands/serve/command.js';
import { registerTasksCommands } from './commands/tasks/command.js';

// Only commander is loaded up front: each command imports what it needs when it runs, so
// `orchestrator --version` and `--help` start as fast as Node itself allows.

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const EXIT_USAGE = 2;
/** 0 success, 1 a failure the user can act on, 2 bad usage, 70 an internal error (a bug). */
const EXIT_CODES = { user: 1, usage: EXIT_USAGE, internal: 70 } as const;

function buildProgram(): Command {
  const program = new Command('orchestrator')
    .description(
      'Plan work as tasks with dependencies and specialist roles, hand it to AI agents over MCP, ' +
        'and keep many agents on one shared store without losing or doubling work.',
    )
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option(
      '--data-dir <dir>',
      'data directory (default: $ORCHESTRATOR_DATA_DIR, else an existing .task_orchestrator above the ' +
        'current directory, else <project root>/.task_orchestrator, else ~/.task_orchestrator)',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  orchestrator tasks add "Design the API" --role architect\n' +
        '  orchestrator tasks list --status pending\n' +
        '  orchestrator tasks next --worker me --json\n\n' +
        'Environment: ORCHESTRATOR_DATA_DIR, ORCHESTRATOR_HOME, ORCHESTRATOR_LEASE_SECONDS, NO_COLOR.',
    );
  registerTasksCommands(program);
  registerRolesCommands(program);
  registerDoctorCommands(program);
  registerDbCommands(program);
  registerInstallCommands(program);
  registerServeCommands(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
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

process.exit(await main(process.argv));
