import path from 'node:path';
import { OrchestratorError } from '../../errors.js';
import { isValidRoleName, loadRoles, readRoleLayers, ROLE_NAME_RULE, toRoleName, type Role } from '../../roles/index.js';
import { definingFiles, saveRole, type SaveRoleResult } from '../../roles/role-writes.js';
import type { RoleFieldValues } from '../../roles/yaml-edit.js';
import { createPrompter, type Prompter, type PromptFunctions } from '../../ui/prompts.js';
import type { RoleScope, RolesContext } from './context.js';

export interface AddRoleInput {
  name: string;
  scope: RoleScope;
  definition?: string | undefined;
  expertise?: string[] | undefined;
  approach?: string[] | undefined;
  outputFormat?: string | undefined;
  description?: string | undefined;
}

export interface AddRoleDeps {
  /** Whether questions may be asked (default: stdin is a terminal). */
  interactive?: boolean;
  /** Prompt implementations; default @inquirer/prompts. */
  prompts?: PromptFunctions;
}

export interface AddRoleResult extends SaveRoleResult {
  scope: RoleScope;
  /** A definition in a higher layer that still wins over the one written (a project role, for --scope user). */
  shadowedBy: Role | null;
}

const FLAGS: Record<keyof RoleFieldValues, string> = {
  roleDefinition: '--definition <text>',
  expertise: '--expertise <text> (repeatable)',
  approach: '--approach <text> (repeatable)',
  outputFormat: '--output-format <text>',
  description: '--description <text>',
};
const REQUIRED: Array<keyof RoleFieldValues> = ['roleDefinition', 'expertise', 'approach', 'outputFormat'];
/** Bounds the "one more item?" loop of an interactive list. */
const MAX_LIST_ITEMS = 50;

/**
 * Adds or changes a custom role. Fields come from the flags; in a terminal the missing ones are asked for. A role
 * that exists only in a lower layer is the starting point (so overriding one field of a built-in role copies
 * the rest); a role already in the chosen folder is changed in place, only in the fields given.
 */
export async function runRolesAdd(input: AddRoleInput, ctx: Pick<RolesContext, 'load' | 'folders'>, deps: AddRoleDeps = {}): Promise<AddRoleResult> {
  const { name, scope } = input;
  if (!isValidRoleName(name)) {
    const suggestion = toRoleName(name);
    throw new OrchestratorError(`"${name}" is not a valid role name: ${ROLE_NAME_RULE}.`, {
      code: 'INVALID_INPUT',
      ...(suggestion && { hint: `Use "${suggestion}" instead.` }),
    });
  }
  const layers = await readRoleLayers(ctx.load);
  const folder = ctx.folders[scope];
  const folderFiles = layers.files.filter((file) => path.dirname(file.file) === folder.dir);
  const inScope = definingFiles(folderFiles, name).length > 0;
  const current = inScope
    ? findIn(
        folderFiles.flatMap((file) => file.roles),
        name,
      )
    : undefined;
  const base = inScope ? undefined : baseRole(layers.layers, layers.folders, scope, name);

  const given: RoleFieldValues = {
    ...(input.definition !== undefined && { roleDefinition: input.definition }),
    ...(input.expertise !== undefined && { expertise: input.expertise }),
    ...(input.approach !== undefined && { approach: input.approach }),
    ...(input.outputFormat !== undefined && { outputFormat: input.outputFormat }),
    ...(input.description !== undefined && { description: input.description }),
  };
  // A role in the folder already is checked as a whole when the file is written, so nothing counts as missing.
  const missing = inScope || base ? [] : REQUIRED.filter((key) => given[key] === undefined);
  let answers: RoleFieldValues = {};
  if (missing.length > 0 || Object.keys(given).length === 0) {
    const prompter = createPrompter({
      flags: (missing.length > 0 ? missing : [...REQUIRED, 'description' as const]).map((key) => FLAGS[key]),
      ...(deps.interactive !== undefined && { interactive: deps.interactive }),
      ...(deps.prompts && { functions: deps.prompts }),
    });
    answers = await askForFields(prompter, given, current ?? base);
  }
  const fields: RoleFieldValues = inScope ? { ...given, ...answers } : { ...(base && fieldsOf(base)), ...given, ...answers };
  if (Object.keys(fields).length === 0) {
    throw new OrchestratorError(`Nothing to change in role "${name}": every answer was its current value.`, { code: 'INVALID_INPUT' });
  }
  const saved = await saveRole({ folder, name, fields });
  const catalog = await loadRoles(ctx.load);
  const effective = catalog.get(name);
  const role = effective && effective.file === saved.file ? effective : saved.role;
  return { ...saved, role, scope, shadowedBy: effective && effective.file !== saved.file ? effective : null };
}

/** Asks for every field the flags did not give, offering the current values as defaults. */
async function askForFields(prompter: Prompter, given: RoleFieldValues, current: Role | undefined): Promise<RoleFieldValues> {
  const answers: RoleFieldValues = {};
  const keepOrSet = <K extends keyof RoleFieldValues>(key: K, value: RoleFieldValues[K], currentValue: RoleFieldValues[K]) => {
    if (JSON.stringify(value) !== JSON.stringify(currentValue)) answers[key] = value;
  };
  if (given.roleDefinition === undefined) {
    const value = await prompter.input({
      message: 'Role definition (who the specialist is):',
      ...(current && { default: current.roleDefinition }),
      validate: required,
    });
    keepOrSet('roleDefinition', value.trim(), current?.roleDefinition);
  }
  if (given.expertise === undefined) keepOrSet('expertise', await askList(prompter, 'Expertise', current?.expertise), current?.expertise);
  if (given.approach === undefined) keepOrSet('approach', await askList(prompter, 'Approach step', current?.approach), current?.approach);
  if (given.outputFormat === undefined) {
    const value = await prompter.input({
      message: 'Output format (what the result should look like):',
      ...(current && { default: current.outputFormat }),
      validate: required,
    });
    keepOrSet('outputFormat', value.trim(), current?.outputFormat);
  }
  if (given.description === undefined) {
    const value = (
      await prompter.input({
        message: 'One-line description (empty: the first sentence of the definition):',
        ...(current && { default: current.description }),
      })
    ).trim();
    if (value !== '') keepOrSet('description', value, current?.description);
  }
  return answers;
}

async function askList(prompter: Prompter, label: string, current: string[] | undefined): Promise<string[]> {
  if (current && current.length > 0) {
    const keep = await prompter.confirm({
      message: `Keep the current ${label.toLowerCase()} list (${current.length} item${current.length === 1 ? '' : 's'})?`,
      default: true,
    });
    if (keep) return current;
  }
  const items: string[] = [];
  for (let index = 1; index <= MAX_LIST_ITEMS; index++) {
    const value = (
      await prompter.input({
        message: `${label} ${index}${index > 1 ? ' (empty to finish)' : ''}:`,
        ...(index === 1 && { validate: required }),
      })
    ).trim();
    if (value === '') break;
    items.push(value);
  }
  return items;
}

function required(value: string): true | string {
  return value.trim() === '' ? 'An answer is needed here.' : true;
}

function fieldsOf(role: Role): RoleFieldValues {
  return {
    description: role.description,
    roleDefinition: role.roleDefinition,
    expertise: [...role.expertise],
    approach: [...role.approach],
    outputFormat: role.outputFormat,
  };
}

function findIn(roles: readonly Role[], name: string): Role | undefined {
  return roles.find((role) => role.name === name);
}

/** The role of this name in the layers below the scope being written: built-in for user, built-in or user for project. */
function baseRole(layers: Role[][], folders: Array<{ source: string }>, scope: RoleScope, name: string): Role | undefined {
  // layers[0] is built-in; layers[i + 1] belongs to folders[i].
  const below = [layers[0] ?? []];
  folders.forEach((folder, index) => {
    if (scope === 'project' && folder.source === 'user') below.push(layers[index + 1] ?? []);
  });
  for (let index = below.length - 1; index >= 0; index--) {
    const role = findIn(below[index]!, name);
    if (role) return role;
  }
  return undefined;
}
