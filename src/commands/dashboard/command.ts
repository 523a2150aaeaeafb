import { type Command } from 'commander';
import { lazyAction } from '../lazy.js';

type Handlers = typeof import('./handlers.js');

export function registerDashboardCommands(program: Command): void {
  program
    .command('dashboard')
    .description('serve the live web dashboard: board, plans, agents and leases, activity')
    .option('--port <port>', 'port (default: $ORCHESTRATOR_DASHBOARD_PORT or 3336; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default: 127.0.0.1); any other than loopback requires a token')
    .option('--token <token>', 'token the browser must bring, at least 16 characters (default: $ORCHESTRATOR_DASHBOARD_TOKEN)')
    .option('--read-only', 'show everything, change nothing: no add, cancel, reset or release')
    .option('--open', 'open the page in the default browser')
    .option('--no-open', 'do not open a browser (the default)')
    .addHelpText(
      'after',
      '\nPrints the address as its first line on stdout (with ?token=… when a token is set) and serves until Ctrl-C.\n' +
        'The page updates itself within a second of any change to the store, by any process.\n' +
        'The same page is at / of `orchestrator serve --http`. In a terminal: orchestrator watch.\nSee docs/dashboard.md.',
    )
    .action(lazyAction<Handlers>(() => import('./handlers.js'), 'dashboard'));
}
