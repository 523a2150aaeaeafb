import { Option, type Command } from 'commander';
import { CLIENT_IDS } from '../../installer/constants.js';
import { lazyAction } from '../lazy.js';

type Handlers = typeof import('./handlers.js');

const run = (name: keyof Handlers) => lazyAction(() => import('./handlers.js'), name);

export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the runtime, the store and its locks, the MCP server and the clients configured to start it, and repair what is safe to repair',
    )
    .option(
      '--fix',
      'apply the safe fixes: remove stale locks, return expired leases to pending, detach subtasks whose plan is gone, recompute plan statuses, install again a client entry that is stale or was lost',
    )
    .option('--cleanup-locks', 'remove stale locks only (never a lock whose process still runs)')
    .option('--client <id...>', `only check these MCP clients (repeatable, or comma-separated): ${CLIENT_IDS.join(', ')}`)
    .addOption(new Option('--json', 'print the report as JSON (see docs/doctor.md for the shape)'))
    .addHelpText(
      'after',
      '\nExit code 0 when no check fails (warnings allowed), 1 otherwise.\n' +
        'A lock is stale when it has not been refreshed for ORCHESTRATOR_LOCK_STALE_MS (default 10000) and its\n' +
        'process is gone (on this host) or cannot be checked (another host).\n' +
        'The server and client checks start `orchestrator serve` and each configured command (15 s limit each).\n' +
        '--fix never adds an entry to a client you did not install into, and never writes a config that does not parse.',
    )
    .action(run('doctor'));
}
