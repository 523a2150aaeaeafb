import { Command } from 'commander';
import { registerDashboardCommands } from './commands/dashboard/command.js';
import { registerDbCommands } from './commands/db/command.js';
import { registerDoctorCommands } from './commands/doctor/command.js';
import { registerInstallCommands } from './commands/install/command.js';
import { registerRolesCommands } from './commands/roles/command.js';
import { registerServeCommands } from './commands/serve/command.js';
import { registerTasksCommands } from './commands/tasks/command.js';
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
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  orchestrator install                      add the MCP server to your MCP clients\n' +
        '  orchestrator serve                        the MCP server itself (what MCP clients start)\n' +
        '  orchestrator tasks add "Design the API" --role architect\n' +
        '  orchestrator tasks next --worker me --json\n' +
        '  orchestrator doctor --fix                 check everything, repair what is safe\n\n' +
        'Environment: ORCHESTRATOR_DATA_DIR, ORCHESTRATOR_HOME, ORCHESTRATOR_LEASE_SECONDS, NO_COLOR.',
    );
  registerTasksCommands(program);
  registerRolesCommands(program);
  registerDoctorCommands(program);
  registerDbCommands(program);
  registerInstallCommands(program);
  registerServeCommands(program);
  registerDashboardCommands(program);
  registerWatchCommands(program);
  return program;
}
