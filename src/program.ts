import { Command } from 'commander';
import { registerDashboardCommands } from './commands/dashboard/command.js';
import { registerDbCommands } from './commands/db/command.js';
import { registerDoctorCommands } from './commands/doctor/command.js';
import { registerInstallCommands } from './commands/install/command.js';
import { registerRolesCommands } from './commands/roles/command.js';
import { registerServeCommands } from './commands/serve/command.js';
import { registerTasksCommands } from './commands/tasks/command.js';
import { registerTemplatesCommands } from './commands/templates/command.js';
import { registerCompletionCommand } from './commands/completion/command.js';
import { registerInitCommand } from './commands/init/command.js';
import { registerImportCommand } from './commands/import/command.js';
import { registerWorkersCommand } from './commands/workers/command.js';
import { registerWatchCommands } from './commands/watch/command.js';

/**
 * Declares every command. Declaring loads only commander and the small command.ts modules: each command imports
 * what it needs when it runs.
 */
export function buildProgram(version: string): Command {
  const program = new Command('orchestrator')
    .description(
      'Plan work as tasks with dependencies and specialist roles, hand it to AI agents over MCP, ' +
        'and keep many agents on one shared store without losing or doubling work.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option(
      '--data-dir <dir>',
      'data directory (default: $ORCHESTRATOR_DATA_DIR, else an existing .task_orchestrator above the ' +
        'current directory, else <project root>/.task_orchestrator, else ~/.task_orchestrator)',
    )
    .option(
      '--store <url>',
      "keep the tasks in PostgreSQL (postgres://user@host:5432/db) instead of the data directory's files, so that " +
        'agents on several machines share them; the same as ORCHESTRATOR_STORE',
    )
    // Every part that opens a store (commands, the server, doctor's server check) reads it from there.
    .hook('preAction', (thisCommand) => {
      const { store } = thisCommand.opts<{ store?: string }>();
      if (store !== undefined) process.env.ORCHESTRATOR_STORE = store;
    })
    .exitOverride()
    // src/cli.ts reports usage errors, as one line on stderr or, with --json, as {"error": ...} on stdout.
    .configureOutput({ outputError: () => {} })
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  orchestrator install                      add the MCP server to your MCP clients\n' +
        '  orchestrator serve                        the MCP server itself (what MCP clients start)\n' +
        '  orchestrator tasks add "Design the API" --role architect\n' +
        '  orchestrator tasks next --worker me --json\n' +
        '  orchestrator doctor --fix                 check everything, repair what is safe\n' +
        '  orchestrator completion bash              tab completion for your shell (bash, zsh, fish)\n\n' +
        'Environment: ORCHESTRATOR_DATA_DIR, ORCHESTRATOR_STORE, ORCHESTRATOR_HOME, ORCHESTRATOR_LEASE_SECONDS, NO_COLOR.',
    );
  // commander's own help command reads one word: `help tasks add` would show the help of `tasks`.
  program.helpCommand(false);
  program
    .command('help')
    .description('show help for a command, e.g. `orchestrator help tasks add`')
    .argument('[command...]', 'the command, as you would type it')
    .action((words: string[]) => helpFor(program, words));
  registerInitCommand(program);
  registerTasksCommands(program);
  registerWorkersCommand(program);
  registerRolesCommands(program);
  registerTemplatesCommands(program);
  registerDoctorCommands(program);
  registerImportCommand(program);
  registerDbCommands(program);
  registerInstallCommands(program);
  registerServeCommands(program);
  registerCompletionCommand(program);
  registerDashboardCommands(program);
  registerWatchCommands(program);
  return program;
}

/** Prints the help of the command named by `words` (through aliases too) and stops, as `--help` does. */
function helpFor(program: Command, words: readonly string[]): never {
  let command = program;
  for (const word of words) {
    const sub = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (!sub) {
      const known = command.commands.map((candidate) => candidate.name()).join(', ');
      return command.error(`error: unknown command '${[...words.slice(0, words.indexOf(word)), word].join(' ')}' (commands here: ${known})`, {
        code: 'commander.unknownCommand',
      });
    }
    command = sub;
  }
  return command.help();
}
