import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';

const FORMATS = ['taskmaster', 'markdown', 'backlog', 'orchestrator'] as const;

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('bring tasks in from Task Master, a Markdown checklist, Backlog.md, or a folder from `db export --format md`')
    .argument('<path>', 'a file (tasks.json, TODO.md, a task file) or a folder (a Backlog.md project, an exported folder)')
    .addOption(new Option('-f, --format <format>', 'the format, when its name and content do not tell').choices(FORMATS))
    .option('--parent <id>', 'put the top-level tasks under this task')
    .option('--dry-run', 'show what would be created and updated; change nothing')
    .addOption(new Option('--json', 'print the result as JSON (see docs/cli.md for the shape)'))
    .addHelpText(
      'after',
      '\nEverything is imported in one change, or nothing: a problem with the input is reported as file:line and\n' +
        'nothing is changed. Importing the same source again updates the tasks it brought in before (each keeps\n' +
        'its source id in metadata.source) instead of adding them twice.\n\n' +
        'Examples:\n' +
        '  orchestrator import .taskmaster/tasks/tasks.json --dry-run\n' +
        '  orchestrator import TODO.md --parent t12\n' +
        '  orchestrator import backlog/\n' +
        '  orchestrator import tasks/                 a folder written by `orchestrator db export --format md --out tasks/`',
    )
    .action(lazyAction(() => import('./handlers.js'), 'importTasks'));
}
