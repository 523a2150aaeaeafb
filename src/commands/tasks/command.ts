import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';
import { collect, collectChoices, duration, spell, wholeNumber } from '../options.js';
import { LEASE_SECONDS_MAX, LEASE_SECONDS_MIN, PRIORITIES, TASK_STATUSES } from '../../core/constants.js';

/** A claim made at the terminal lasts a working day: a person does not send heartbeats. */
export const TERMINAL_LEASE_MS = 8 * 3_600_000;

const jsonOption = () => new Option('--json', 'print the result as JSON (see docs/cli.md for the shape)');
const workerOption = () => new Option('-w, --worker <id>', 'who is working (default: cli:<your user name>)');
const leaseOption = () =>
  new Option(
    '--lease <duration>',
    `how long the claim lasts before the task goes back to the pool: 90m, 8h, 2d (default ${spell(TERMINAL_LEASE_MS)})`,
  ).argParser(duration({ bareUnit: 's', min: LEASE_SECONDS_MIN * 1000, max: LEASE_SECONDS_MAX * 1000 }));
const priorityOption = () => new Option('-p, --priority <level>', 'priority').choices(PRIORITIES);
const reopenOption = () => new Option('--reopen', 'allow a --parent plan that is completed or cancelled (this reopens it)');

/**
 * The options that choose tasks (see selectionFilter in bulk.ts), under the names each command can use: `list`
 * shows only the chosen tasks; update, cancel, reset and delete change them, after showing what would change.
 */
function addSelection(command: Command, names: { role: string; parent: string; tag: string }, use: 'list' | 'change' = 'change'): Command {
  const lead = use === 'list' ? 'only the' : 'choose the';
  command
    .addOption(
      new Option('-s, --status <status>', `${lead} tasks with this status (repeatable, or comma-separated)`)
        .choices(TASK_STATUSES)
        .argParser(collectChoices(TASK_STATUSES)),
    )
    .option(`${names.role} <role>`, `${lead} tasks for this role`)
    .option(`${names.parent} <id>`, `${lead} subtasks of this plan`)
    .option(`${names.tag} <tag>`, `${lead} tasks with this tag (repeatable; all must match)`, collect)
    .option('-q, --search <text>', `${lead} tasks whose id, title, description or result contains the text`)
    .option('--assignee <worker>', `${lead} tasks held or finished by this worker`)
    .option('--ready', `${lead} tasks that can be claimed now`)
    .option('--blocked', `${lead} pending tasks waiting on dependencies`);
  if (use === 'list') return command;
  return command
    .option('--dry-run', 'show what would change; change nothing')
    .option('-y, --yes', 'change several tasks without asking (required without a terminal)');
}

/** The selection options' names where they are not taken by new values (everywhere but update). */
const SELECTION_NAMES = { role: '-r, --role', parent: '--parent', tag: '-t, --tag' };

const BULK_HELP =
  '\nSeveral ids, or a filter instead of ids, change every chosen task in one change: all of them or none.\n' +
  'What will change is shown first; at a terminal you are asked, elsewhere pass --yes (or --dry-run to only look).';

type Handlers = typeof import('./handlers.js');

const run = (name: keyof Handlers) => lazyAction(() => import('./handlers.js'), name);

export function registerTasksCommands(program: Command): void {
  const tasks = program
    .command('tasks')
    .description('manage tasks from the terminal: plan, claim, complete, inspect')
    .addHelpText(
      'after',
      '\nA pending task is "ready" when all its dependencies are completed, otherwise "blocked".\n' +
        'A task with subtasks is a plan: its status follows its subtasks and it is never claimed itself.',
    );

  addSelection(tasks.command('list').alias('ls').description('list tasks with their state, priority, role and dependencies'), SELECTION_NAMES, 'list')
    .option('-n, --limit <n>', 'show at most n tasks', wholeNumber({ min: 1, max: 10_000 }))
    .option('--wide', 'show every column in full, however wide the terminal')
    .addOption(jsonOption())
    .addHelpText('after', '\nThe table fits the terminal: titles take the width the other columns leave. --wide shows everything.')
    .action(run('list'));

  tasks
    .command('add')
    .description('create a task')
    .argument('<title>', 'short title of the task')
    .argument('[description]', 'what to do, in as much detail as helps')
    .option('-d, --dep <id>', 'a task this one waits for (repeatable, or comma-separated)', collect)
    .option('-r, --role <role>', 'specialist role (architect, implementer, tester, ...)')
    .addOption(priorityOption().default('normal'))
    .option('--parent <id>', 'make it a subtask of this plan')
    .option('--id <id>', 'choose the id instead of a generated one (letters, digits, ".", "_", "-")')
    .option('-t, --tag <tag>', 'a tag (repeatable, or comma-separated)', collect)
    .option('--effort <estimate>', 'estimated effort, e.g. "2h"')
    .option('--complexity <level>', 'complexity, e.g. low, moderate, high')
    .addOption(reopenOption())
    .addOption(jsonOption())
    .action(run('add'));

  tasks
    .command('show')
    .description('show one task in full: dependencies, dependents, subtasks, lease, result')
    .argument('<id>', 'task id')
    .option('--history', "include the task's history")
    .addOption(jsonOption())
    .action(run('show'));

  const update = tasks
    .command('update')
    .description('change the fields of a task, or of several')
    .argument('[ids...]', 'task ids (or choose them with the --status, --filter-* and other filter options)')
    .option('--title <title>', 'new title')
    .option('--description <text>', 'new description')
    .addOption(priorityOption())
    .option('-r, --role <role>', 'new role ("none" removes it)')
    .option('--parent <id>', 'move under this plan ("none" detaches it)')
    .option('--dep <id>', 'replace the dependencies with these (repeatable)', collect)
    .option('--add-dep <id>', 'add a dependency (repeatable)', collect)
    .option('--remove-dep <id>', 'remove a dependency (repeatable)', collect)
    .option('-t, --tag <tag>', 'replace the tags with these (repeatable)', collect)
    .option('--add-tag <tag>', 'add a tag, keeping the others (repeatable)', collect)
    .option('--remove-tag <tag>', 'remove a tag (repeatable)', collect)
    .option('--effort <estimate>', 'estimated effort')
    .option('--complexity <level>', 'complexity')
    .addOption(reopenOption())
    .addOption(jsonOption());
  addSelection(update, { role: '--filter-role', parent: '--filter-parent', tag: '--filter-tag' })
    .addHelpText(
      'after',
      `${BULK_HELP}\nHere --role, --parent and --tag set values; choose tasks with --filter-role, --filter-parent, --filter-tag.\n` +
        'Example: orchestrator tasks update --status pending --filter-role tester --priority high --yes',
    )
    .action(run('update'));

  tasks
    .command('edit')
    .description('edit a task in $VISUAL or $EDITOR; it is checked when you save and close')
    .argument('<id>', 'task id')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe task opens as YAML with the fields you can change. Saving an unchanged file changes nothing; a file\n' +
        'that does not validate is refused with the reason, and the task stays as it was.',
    )
    .action(run('edit'));

  tasks
    .command('start')
    .alias('claim')
    .description('claim a task: mark it in progress for a worker, with a lease')
    .argument('<id>', 'task id')
    .addOption(workerOption())
    .addOption(leaseOption())
    .option('-f, --force', 'claim even if it is blocked or held by someone else')
    .addOption(jsonOption())
    .action(run('start'));

  tasks
    .command('next')
    .description('claim the best ready task (priority, then what it unblocks, then age)')
    .addOption(workerOption())
    .option('-r, --role <role>', 'only tasks for this role (repeatable); tasks without a role suit everyone', collect)
    .option('--parent <id>', 'only subtasks of this plan')
    .option('--peek', 'only show which task it would be, and why; claim nothing')
    .addOption(leaseOption())
    .addOption(jsonOption())
    .action(run('next'));

  tasks
    .command('done')
    .alias('complete')
    .description('complete a task you hold (or a ready one, in one step)')
    .argument('<id>', 'task id')
    .option('--result <text>', 'what came out of it')
    .option('--summary <text>', 'a short summary for the tasks that depend on it')
    .addOption(workerOption())
    .option('-f, --force', 'complete it even if another worker holds it or it is blocked')
    .addOption(jsonOption())
    .action(run('done'));

  tasks
    .command('fail')
    .description('mark a task you hold as failed')
    .argument('<id>', 'task id')
    .requiredOption('-e, --error <text>', 'what went wrong')
    .addOption(workerOption())
    .option('-f, --force', 'fail it even if another worker holds it')
    .addOption(jsonOption())
    .action(run('fail'));

  addSelection(
    tasks
      .command('reset')
      .description('return failed, cancelled or expired tasks to pending')
      .argument('[ids...]', 'task ids (or choose them with --status, --role and the other filter options)')
      .option('-f, --force', 'also take back a task someone holds, or reopen a completed one')
      .addOption(jsonOption()),
    SELECTION_NAMES,
  )
    .addHelpText('after', `${BULK_HELP}\nExample: orchestrator tasks reset --status failed --role tester --yes`)
    .action(run('reset'));

  addSelection(
    tasks
      .command('cancel')
      .description("cancel tasks (and a plan's unfinished subtasks)")
      .argument('[ids...]', 'task ids (or choose them with --status, --role and the other filter options)')
      .option('--reason <text>', 'why they were cancelled')
      .option('-f, --force', 'cancel even though other tasks depend on them (they stay blocked)')
      .addOption(jsonOption()),
    SELECTION_NAMES,
  )
    .addHelpText('after', BULK_HELP)
    .action(run('cancel'));

  addSelection(
    tasks
      .command('delete')
      .alias('rm')
      .description('delete tasks for good (their history stays in the event log)')
      .argument('[ids...]', 'task ids (or choose them with --status, --role and the other filter options)')
      .option('-f, --force', 'also delete subtasks and drop the tasks from the dependencies of others')
      .addOption(jsonOption()),
    SELECTION_NAMES,
  )
    .addHelpText('after', BULK_HELP)
    .action(run('remove'));

  tasks
    .command('log')
    .description('show the history of changes, from events.jsonl')
    .argument('[id]', "only this task's history")
    .option('-n, --limit <n>', 'the last n events; 0 for all', wholeNumber(), 50)
    .option('-f, --follow', 'keep printing changes as they are committed, by any process, until Ctrl+C')
    .addOption(jsonOption())
    .addHelpText('after', '\nWith --follow, --json prints one event per line (JSON Lines) instead of one document.')
    .action(run('log'));

  tasks
    .command('graph')
    .description('show the dependency graph: a tree of plans and their subtasks, or mermaid and dot for diagrams')
    .addOption(
      new Option('--format <format>', 'text for the terminal, mermaid or dot for diagrams').choices(['text', 'mermaid', 'dot']).default('text'),
    )
    .option('--parent <id>', 'only the subtasks of this plan')
    .addOption(jsonOption())
    .action(run('graph'));
}
