import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description("create this project's .task_orchestrator/ and say whether to commit it")
    .addOption(new Option('--json', 'print the result as JSON (see docs/cli.md for the shape)'))
    .addHelpText(
      'after',
      '\nThe folder goes where every later command will look for it: the repository root (the nearest .git), else the\n' +
        'nearest package.json, pyproject.toml, Cargo.toml or go.mod, else the current directory. --data-dir chooses it.\n' +
        'Commands that change tasks create it too when it is missing, and say where.',
    )
    .action(lazyAction(() => import('./handlers.js'), 'init'));
}
