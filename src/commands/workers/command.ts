import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';

export function registerWorkersCommand(program: Command): void {
  program
    .command('workers')
    .description('who works on the store: what each worker holds, when it was last seen, how long its leases last')
    .option('--wide', 'show every column in full, however wide the terminal')
    .addOption(new Option('--json', 'print the result as JSON (see docs/cli.md for the shape)'))
    .addHelpText('after', '\nA worker is stale when it has not been seen for the default lease length and holds nothing live.')
    .action(lazyAction(() => import('./handlers.js'), 'workers'));
}
