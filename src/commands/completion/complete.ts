import type { Command, Option } from 'commander';

/** What completion may look up in the store and the role files; given by the caller so tests can pass their own. */
export interface CompletionSources {
  taskIds(dataDir: string | undefined): Promise<string[]>;
  roleNames(dataDir: string | undefined): Promise<string[]>;
  templateNames?(dataDir: string | undefined): Promise<string[]>;
}

/** Options whose value is a task id or a role name, by long name. */
const TASK_ID_OPTIONS = new Set(['--parent', '--dep', '--add-dep', '--remove-dep']);
const ROLE_OPTIONS = new Set(['--role']);
/** Arguments (by name) that take a task id or a role name. */
const TASK_ID_ARGUMENTS = new Set(['id']);
const ROLE_ARGUMENTS = new Set(['name']);

/**
 * The candidates for the last of `words` (the word under the cursor, possibly empty), given the words before it:
 * subcommands, options of the command reached so far (and the global ones), choices of an option's value, task
 * ids and role names. Only candidates that start with the word are returned.
 */
export async function complete(program: Command, words: readonly string[], sources: CompletionSources): Promise<string[]> {
  const typed = words.slice(0, -1);
  const current = words.at(-1) ?? '';
  let command = program;
  let dataDir: string | undefined;
  let pending: Option | undefined;
  let positional = 0;
  for (const word of typed) {
    if (pending) {
      if (pending.long === '--data-dir') dataDir = word;
      pending = undefined;
      continue;
    }
    if (word.startsWith('-')) {
      const [name, inline] = word.split('=', 2);
      const option = findOption(command, name!);
      if (option && (option.required || option.optional) && inline === undefined) pending = option;
      else if (option?.long === '--data-dir' && inline !== undefined) dataDir = inline;
      continue;
    }
    const sub = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (sub && positional === 0) command = sub;
    else positional++;
  }
  const candidates = await (async (): Promise<string[]> => {
    if (pending) return valuesOf(pending, dataDir, sources);
    if (current.startsWith('-')) return optionsOf(command);
    const subcommands = command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden).map((sub) => sub.name());
    if (subcommands.length > 0 && positional === 0) return subcommands;
    const argument = command.registeredArguments[Math.min(positional, command.registeredArguments.length - 1)];
    if (!argument) return [];
    if (argument.argChoices) return argument.argChoices;
    if (TASK_ID_ARGUMENTS.has(argument.name())) return sources.taskIds(dataDir);
    if (ROLE_ARGUMENTS.has(argument.name()) && command.parent?.name() === 'roles') return sources.roleNames(dataDir);
    if (ROLE_ARGUMENTS.has(argument.name()) && command.parent?.name() === 'templates') return (await sources.templateNames?.(dataDir)) ?? [];
    return [];
  })();
  return candidates.filter((candidate) => candidate.startsWith(current));
}

function findOption(command: Command, name: string): Option | undefined {
  for (let at: Command | null = command; at; at = at.parent) {
    const option = at.options.find((candidate) => candidate.long === name || candidate.short === name);
    if (option) return option;
  }
  return undefined;
}

function optionsOf(command: Command): string[] {
  const names = new Set<string>();
  for (let at: Command | null = command; at; at = at.parent) {
    for (const option of at.options) if (option.long && !option.hidden) names.add(option.long);
  }
  names.add('--help');
  return [...names];
}

async function valuesOf(option: Option, dataDir: string | undefined, sources: CompletionSources): Promise<string[]> {
  if (option.argChoices) return option.argChoices;
  if (option.long && TASK_ID_OPTIONS.has(option.long)) return sources.taskIds(dataDir);
  if (option.long && ROLE_OPTIONS.has(option.long)) return sources.roleNames(dataDir);
  return [];
}
