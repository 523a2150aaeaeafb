import { type Command } from 'commander';
import { lazyAction } from '../lazy.js';

type Handlers = typeof import('./handlers.js');

export function registerWatchCommands(program: Command): void {
  program
    .command('watch')
    .description('follow the store live in the terminal: board or list, agents and leases, the latest events')
    .option('--list', 'start with the list instead of the board (b and l switch)')
    .addHelpText(
      'after',
      '\nRedraws in place after every change to the store, by any process; q or Ctrl-C quits.\n' +
        'Without a terminal (piped, in a log) it prints one line per event instead, until stopped.\n' +
        'The same data in a browser: orchestrator dashboard.',
    )
    .action(lazyAction<Handlers>(() => import('./handlers.js'), 'watch'));
}
