import { InvalidArgumentError, Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';

type Handlers = typeof import('./handlers.js');

const run = (name: keyof Handlers) => lazyAction(() => import('./handlers.js'), name);
const jsonOption = () => new Option('--json', 'print the result as JSON (see docs/templates.md for the shape)');

/** `--param name=value`, repeatable; the value may hold "=" and commas. */
function collectParam(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('Expected name=value, e.g. --param feature="CSV export".');
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1) };
}

export function registerTemplatesCommands(program: Command): void {
  const templates = program
    .command('templates')
    .description('plan templates: reusable plans with subtasks, roles and dependencies, filled in with parameters')
    .addHelpText(
      'after',
      '\nBuilt-in templates: feature, bug-fix, refactor, research-spike, release, git-workflow. Custom templates are\n' +
        'YAML files: project templates in <data dir>/templates/*.yaml, user templates in $ORCHESTRATOR_HOME/templates/*.yaml.\n' +
        'A project template overrides a user template of the same name, which overrides a built-in one.\n' +
        '`orchestrator templates init` writes a commented example.',
    );

  templates
    .command('list')
    .alias('ls')
    .description('list every template with where it comes from and what it plans')
    .addOption(jsonOption())
    .action(run('list'));

  templates
    .command('show')
    .description('show a template in full: parameters, plan and subtasks with their roles and dependencies')
    .argument('<name>', 'template name')
    .addOption(jsonOption())
    .action(run('show'));

  templates
    .command('apply')
    .description('create a plan and its subtasks from a template, in one change')
    .argument('<name>', 'template name')
    .option('--param <name=value>', 'a parameter value (repeatable)', collectParam)
    .option('--parent <id>', 'create the plan as a subtask of this task')
    .option('--dry-run', 'show the tasks it would create; change nothing')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExample:\n  orchestrator templates apply feature --param feature="CSV export" --param details="for the monthly report"\n\n' +
        'In a terminal, parameters without a default that are not given are asked for; elsewhere they are an error\n' +
        "that names them. `orchestrator templates show NAME` lists a template's parameters.",
    )
    .action(run('apply'));

  templates
    .command('validate')
    .alias('check')
    .description('check template files and list every problem as file:line: message (exit 1 if any)')
    .argument('[file...]', 'files or folders to check (default: every template file of the project and user folders)')
    .addOption(jsonOption())
    .action(run('validate'));

  templates
    .command('init')
    .description("write a commented example template to the project's templates folder")
    .addOption(jsonOption())
    .action(run('init'));
}
