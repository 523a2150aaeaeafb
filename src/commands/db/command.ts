import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';
import { duration, wholeNumber } from '../options.js';

type Handlers = typeof import('./handlers.js');

const run = (name: keyof Handlers) => lazyAction(() => import('./handlers.js'), name);

const jsonOption = () => new Option('--json', 'print the result as JSON (see docs/doctor.md for the shape)');

export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('check, optimize, back up, restore and export the task store')
    .addHelpText(
      'after',
      '\nAll of these work on the store chosen by --data-dir, or by --store postgres://... (ORCHESTRATOR_STORE) when\n' +
        "the tasks are in PostgreSQL; backups are written to the data directory's backups/ folder either way\n" +
        '(see `orchestrator doctor`).',
    );

  db.command('check').description('run the store checks alone (exit 1 when one fails)').addOption(jsonOption()).action(run('check'));

  db.command('optimize')
    .description('archive old finished tasks, compact the event log and rewrite the store (store.json), under the store lock')
    .addOption(
      new Option('--older-than <duration>', 'archive completed and cancelled tasks finished longer ago than this (30d, 12h, 0 for all)')
        .default(30 * 86_400_000, '30d')
        .argParser(duration({ bareUnit: 'd' })),
    )
    .addOption(
      new Option('--keep-events <n>', 'keep the last n events in events.jsonl; the rest go to archive/events-<date>.jsonl')
        .argParser(wholeNumber())
        .conflicts('keepDays'),
    )
    .addOption(
      new Option('--keep-days <days>', 'keep the events of the last days (default: the --older-than period)').argParser(duration({ bareUnit: 'd' })),
    )
    .option('--dry-run', 'say what would move, change nothing')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nA task is archived when it is completed or cancelled, finished before the cut-off, every task that depends\n' +
        'on it is finished too, and (for a plan) so is every subtask. Archived tasks stay readable with\n' +
        '`orchestrator tasks show ID` and `orchestrator db export --include-archived`.',
    )
    .action(run('optimize'));

  db.command('backup')
    .description('write a consistent snapshot of the store (as a store.json file), taken under the lock')
    .option('-o, --out <file>', 'where to write it (default: <data dir>/backups/store-<timestamp>.json; never overwritten)')
    .addOption(jsonOption())
    .action(run('backup'));

  db.command('restore')
    .description('replace the store with a snapshot after validating it; the replaced store is kept in backups/')
    .argument('<file>', 'a snapshot written by `orchestrator db backup` (or any valid store.json)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .addOption(jsonOption())
    .action(run('restore'));

  db.command('migrate')
    .description('copy the whole store into an empty PostgreSQL database or folder; compares the copy and leaves the source as it is')
    .requiredOption('--to <url-or-dir>', 'postgres://user@host:5432/db (TLS settings such as sslmode in the URL), or a folder for a file store')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe source is the store chosen by --store or --data-dir. The copy holds the tasks, the history, the archive\n' +
        'and the artifacts; counts and a hash of everything are compared and printed. Then point --store (or\n' +
        'ORCHESTRATOR_STORE, or `orchestrator install --store URL`) at the new store.',
    )
    .action(run('migrate'));

  db.command('export')
    .description('write every task as JSON, CSV or a Markdown table, or as one Markdown file per task for git')
    .addOption(
      new Option('-f, --format <format>', 'json, csv or markdown (one table); md: one file per task in the --out folder')
        .choices(['json', 'csv', 'markdown', 'md'])
        .default('json'),
    )
    .option('-o, --out <path>', 'write to this file (for md: this folder) instead of stdout')
    .option('--include-archived', 'also export tasks moved to archive/ by `db optimize` (not with md)')
    .addOption(new Option('--json', 'with --format md: print what was written as JSON (see docs/cli.md)'))
    .addHelpText(
      'after',
      '\nWith --format md, each task is a file <id>.md: YAML front matter with its fields, the description as text.\n' +
        'The same store always gives the same bytes and only changed files are rewritten, so the folder can be\n' +
        'committed and reviewed; files of tasks that are gone are removed. `orchestrator import DIR` reads it back.\n' +
        'Example: orchestrator db export --format md --out tasks/',
    )
    .action(run('exportTasks'));
}
