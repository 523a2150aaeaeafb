import { Option, type Command } from 'commander';
import { lazyAction } from '../lazy.js';

/** Repeatable option values, kept whole: an expertise item may well contain a comma. */
function repeat(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const SCOPES = ['project', 'user'] as const;
const jsonOption = () => new Option('--json', 'print the result as JSON (see docs/roles.md for the shape)');

type Handlers = typeof import('./handlers.js');

const run = (name: keyof Handlers) => lazyAction(() => import('./handlers.js'), name);

export function registerRolesCommands(program: Command): void {
  const roles = program
    .command('roles')
    .description('specialist roles: list the built-in and custom ones, add, remove and check custom roles')
    .addHelpText(
      'after',
      '\nCustom roles are YAML files: project roles in <data dir>/roles/*.yaml, user roles in\n' +
        '$ORCHESTRATOR_HOME/roles/*.yaml. A project role overrides a user role of the same name, which overrides\n' +
        'a built-in role; other roles are not affected. `orchestrator roles init` writes a commented example.',
    );

  roles
    .command('list')
    .alias('ls')
    .description('list every role with where it comes from (built-in, user or project) and what it does')
    .addOption(jsonOption())
    .action(run('list'));

  roles
    .command('show')
    .description('show a role in full: definition, expertise, approach, output format, file')
    .argument('<name>', 'role name')
    .addOption(jsonOption())
    .action(run('show'));

  roles
    .command('add')
    .description('add a custom role, or change one (asks for what is missing when run in a terminal)')
    .argument('<name>', 'role name: lowercase letters, digits, "_" and "-"')
    .option('--definition <text>', 'who the specialist is, in a paragraph')
    .option('--expertise <text>', 'an area of expertise (repeat for each)', repeat)
    .option('--approach <text>', 'a step of the approach (repeat for each, in order)', repeat)
    .option('--output-format <text>', 'what the result should look like')
    .option('--description <text>', 'one line for lists (default: the first sentence of the definition)')
    .addOption(new Option('--scope <scope>', "where to write it: the project's roles folder or your user folder").choices(SCOPES).default('project'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nA role that exists only in a lower layer (built-in, or user for --scope project) is copied with your\n' +
        'changes, so `roles add reviewer --output-format "..."` overrides just what you give. A role already in\n' +
        'the chosen folder is changed in place; other roles and comments in its file are kept.',
    )
    .action(run('add'));

  roles
    .command('remove')
    .alias('rm')
    .description('remove a custom role from its file (built-in roles cannot be removed)')
    .argument('<name>', 'role name')
    .addOption(new Option('--scope <scope>', 'remove it from this folder (default: the one whose definition is in use)').choices(SCOPES))
    .addOption(jsonOption())
    .action(run('remove'));

  roles
    .command('validate')
    .alias('check')
    .description('check role files and list every problem as file:line: message (exit 1 if any)')
    .argument('[file...]', 'files or folders to check (default: every role file of the project and user folders)')
    .addOption(jsonOption())
    .action(run('validate'));

  roles
    .command('init')
    .description("write a commented example of both role file formats to the project's roles folder")
    .addOption(jsonOption())
    .action(run('init'));
}
