import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';
import { PRIORITIES, TASK_STATUSES } from '../../core/constants.js';

/** Repeatable option values; each may also be a comma-separated list ("--dep t1,t2"). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive whole number, got "${value}"`);
  return n;
}

const jsonOption = () => new Option('--json', 'print the result as JSON (see docs/cli.md for the shape)');
const workerOption = () =>
  new Option('-w, --worker <id>', 'who is working (default: cli:<your user name>)');
const leaseOption = () =>
  new Option('--lease <seconds>', 'how long the claim lasts without a heartbeat (default: $ORCHESTRATOR_LEASE_SECONDS or 1800)').argParser(positiveInt);
const priorityOption = () => new Option('-p, --priority <level>', 'priority').choices(PRIORITIES);

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

  tasks
    .command('list')
    .alias('ls')
    .description('list tasks with their state, priority, role and dependencies')
    .addOption(new Option('-s, --status <status>', 'only tasks with this status (repeatable)').choices(TASK_STATUSES).argParser(collect))
    .option('--ready', 'only tasks that can be claimed now')
    .option('--blocked', 'only pending tasks waiting on dependencies')
    .option('-r, --role <role>', 'only tasks for this specialist role')
    .option('--parent <id>', 'only the subtasks of this plan')
    .option('-t, --tag <tag>', 'only tasks with this tag (repeatable; all must match)', collect)
    .option('-q, --search <text>', 'only tasks whose id, title, description or result contains the text')
    .option('--assignee <worker>', 'only tasks held or finished by this worker')
    .option('-n, --limit <n>', 'show at most n tasks', positiveInt)
    .addOption(jsonOption())
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
    .addOption(jsonOption())
    .action(run('add'));

  tasks
    .command('show')
    .description('show one task in full: dependencies, dependents, subtasks, lease, result')
    .argument('<id>', 'task id')
    .option('--history', 'include the task\'s history')
    .addOption(jsonOption())
    .action(run('show'));

  tasks
    .command('update')
    .description('change a task\'s fields')
    .argument('<id>', 'task id')
    .option('--title <title>', 'new title')
    .option('--description <text>', 'new description')
    .addOption(priorityOption())
    .option('-r, --role <role>', 'new role ("none" removes it)')
    .option('--parent <id>', 'move under this plan ("none" detaches it)')
    .option('--dep <id>', 'replace the dependencies with these (repeatable)', collect)
    .option('--add-dep <id>', 'add a dependency (repeatable)', collect)
    .option('--remove-dep <id>', 'remove a dependency (repeatable)', collect)
    .option('-t, --tag <tag>', 'replace the tags with these (repeatable)', collect)
    .option('--effort <estimate>', 'estimated effort')
    .option('--complexity <level>', 'complexity')
    .addOption(jsonOption())
    .action(run('update'));

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

  tasks
    .command('reset')
    .description('return a failed, cancelled or expired task to pending')
    .argument('<id>', 'task id')
    .option('-f, --force', 'also take back a task someone holds, or reopen a completed one')
    .addOption(jsonOption())
    .action(run('reset'));

  tasks
    .command('cancel')
    .description('cancel a task (and a plan\'s unfinished subtasks)')
    .argument('<id>', 'task id')
    .option('--reason <text>', 'why it was cancelled')
    .option('-f, --force', 'cancel even though other tasks depend on it (they stay blocked)')
    .addOption(jsonOption())
    .action(run('cancel'));

  tasks
    .command('delete')
    .alias('rm')
    .description('delete a task for good (its history stays in the event log)')
    .argument('<id>', 'task id')
    .option('-f, --force', 'also delete its subtasks and drop it from the dependencies of other tasks')
    .addOption(jsonOption())
    .action(run('remove'));

  tasks
    .command('log')
    .description('show the history of changes, from events.jsonl')
    .argument('[id]', 'only this task\'s history')
    .option('-n, --limit <n>', 'the last n events (default 50; 0 for all)', (value) => (value === '0' ? 0 : positiveInt(value)), 50)
    .addOption(jsonOption())
    .action(run('log'));

  tasks
    .command('graph')
    .description('show the dependency graph')
    .addOption(new Option('--format <format>', 'text for the terminal, mermaid or dot for diagrams').choices(['text', 'mermaid', 'dot']).default('text'))
    .option('--parent <id>', 'only the subtasks of this plan')
    .addOption(jsonOption())
    .action(run('graph'));
}
