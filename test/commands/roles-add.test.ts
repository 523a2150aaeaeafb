import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { runRolesAdd } from '../../src/commands/roles/add.js';
import { roleLocations } from '../../src/commands/roles/context.js';
import { BUILT_IN_ROLES, loadRoles } from '../../src/roles/index.js';
import type { InputQuestion, PromptFunctions } from '../../src/ui/prompts.js';
import { testdir } from '../helpers/testdir.js';

/** Keeps the question's default. */
const KEEP = Symbol('keep the default');

/** Prompt functions that answer from a script, in order, and record every question. */
function scripted(answers: Array<string | boolean | typeof KEEP>) {
  const questions: string[] = [];
  const next = (message: string) => {
    questions.push(message);
    if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
    return answers.shift()!;
  };
  const functions: PromptFunctions = {
    input: async (question: InputQuestion) => {
      const answer = next(question.message);
      const value = answer === KEEP ? (question.default ?? '') : String(answer);
      // A real prompt would not let an invalid answer through.
      const valid = question.validate?.(value) ?? true;
      if (valid !== true) throw new Error(`answer "${value}" refused: ${valid}`);
      return value;
    },
    confirm: async (question) => {
      const answer = next(question.message);
      return answer === KEEP ? (question.default ?? false) : Boolean(answer);
    },
    checkbox: async () => {
      throw new Error('roles add asks no checkbox question');
    },
  };
  return { functions, questions, left: () => answers.length };
}

function setup(files: Record<string, string> = {}) {
  const root = testdir(files);
  return roleLocations({ dataDir: path.join(root, 'data'), home: path.join(root, 'home') });
}

const projectFile = (ctx: ReturnType<typeof setup>) => path.join(ctx.folders.project.dir, 'roles.yaml');

describe('roles add, interactively (prompts injected)', () => {
  test('asks for every part of a new role; lists end with an empty answer', async () => {
    const ctx = setup();
    const script = scripted([
      'You write release notes.',
      'Changelogs',
      'Semantic versioning',
      '',
      'Read the merged changes',
      'Group them by area',
      '',
      'Release notes in markdown.',
      '',
    ]);
    const result = await runRolesAdd({ name: 'release_writer', scope: 'project' }, ctx, { interactive: true, prompts: script.functions });
    expect(script.left()).toBe(0);
    expect(script.questions[0]).toMatch(/Role definition/);
    expect(result).toMatchObject({ action: 'added', scope: 'project', fileCreated: true, file: projectFile(ctx), shadowedBy: null });
    expect(result.role).toMatchObject({
      name: 'release_writer',
      description: 'You write release notes',
      roleDefinition: 'You write release notes.',
      expertise: ['Changelogs', 'Semantic versioning'],
      approach: ['Read the merged changes', 'Group them by area'],
      outputFormat: 'Release notes in markdown.',
      source: 'project',
    });
    // An empty description is left out of the file, so it keeps following the definition.
    expect((parse(readFileSync(projectFile(ctx), 'utf8')) as Record<string, object>).release_writer).not.toHaveProperty('description');
  });

  test('asks only for what the flags did not give', async () => {
    const ctx = setup();
    const script = scripted(['Check every link', '', 'A list of broken links.']);
    const result = await runRolesAdd(
      { name: 'link_checker', scope: 'project', definition: 'You check links.', expertise: ['HTTP'], description: 'Checks links' },
      ctx,
      { interactive: true, prompts: script.functions },
    );
    expect(script.questions).toEqual(['Approach step 1:', 'Approach step 2 (empty to finish):', 'Output format (what the result should look like):']);
    expect(result.role).toMatchObject({ approach: ['Check every link'], outputFormat: 'A list of broken links.', description: 'Checks links' });
  });

  test('overriding a built-in role starts from it: keeping every default copies it unchanged but one answer', async () => {
    const ctx = setup();
    const builtIn = BUILT_IN_ROLES.find((role) => role.name === 'reviewer')!;
    const script = scripted([KEEP, true, true, 'Findings only, most severe first.', KEEP]);
    const result = await runRolesAdd({ name: 'reviewer', scope: 'project' }, ctx, { interactive: true, prompts: script.functions });
    expect(script.questions[1]).toMatch(/Keep the current expertise list \(4 items\)\?/);
    expect(result.role).toMatchObject({
      roleDefinition: builtIn.roleDefinition,
      expertise: builtIn.expertise,
      approach: builtIn.approach,
      description: builtIn.description,
      outputFormat: 'Findings only, most severe first.',
      source: 'project',
      overrides: [{ source: 'built-in' }],
    });
  });

  test('changing a role already in the folder writes only the answers that differ', async () => {
    const ctx = setup({
      'data/roles/team.yaml':
        'ops:\n  role_definition: You run things.\n  expertise: [k8s]\n  approach: [Look at dashboards]\n  output_format: A runbook.\n',
    });
    const script = scripted([KEEP, true, false, 'Page the owner', 'Write it down', '', KEEP, KEEP]);
    const result = await runRolesAdd({ name: 'ops', scope: 'project' }, ctx, { interactive: true, prompts: script.functions });
    expect(result).toMatchObject({ action: 'updated', file: path.join(ctx.folders.project.dir, 'team.yaml') });
    expect(parse(readFileSync(result.file, 'utf8'))).toEqual({
      ops: { role_definition: 'You run things.', expertise: ['k8s'], approach: ['Page the owner', 'Write it down'], output_format: 'A runbook.' },
    });
  });
});

describe('roles add, without a terminal', () => {
  test('a new role with parts missing fails naming exactly the missing flags, and writes nothing', async () => {
    const ctx = setup();
    const error = await runRolesAdd({ name: 'half', scope: 'project', definition: 'Half a role.', expertise: ['x'] }, ctx, {
      interactive: false,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'USAGE', hint: 'Pass --approach <text> (repeatable), --output-format <text> instead.' });
    expect(existsSync(projectFile(ctx))).toBe(false);
  });

  test('one flag is enough to override a built-in role; the rest is copied from it', async () => {
    const ctx = setup();
    const result = await runRolesAdd({ name: 'tester', scope: 'project', outputFormat: 'A table of test results.' }, ctx, { interactive: false });
    const builtIn = BUILT_IN_ROLES.find((role) => role.name === 'tester')!;
    expect(result.role).toMatchObject({
      expertise: builtIn.expertise,
      outputFormat: 'A table of test results.',
      overrides: [{ source: 'built-in' }],
    });
  });

  test('--scope user writes to ORCHESTRATOR_HOME and says when a project role still wins', async () => {
    const ctx = setup({ 'data/roles/p.yaml': 'shared:\n  role_definition: Project.\n  expertise: [p]\n  approach: [p]\n  output_format: p\n' });
    const result = await runRolesAdd(
      { name: 'shared', scope: 'user', definition: 'User.', expertise: ['u'], approach: ['u'], outputFormat: 'u' },
      ctx,
      { interactive: false },
    );
    expect(result.file).toBe(path.join(ctx.folders.user.dir, 'roles.yaml'));
    expect(result.role).toMatchObject({ source: 'user', roleDefinition: 'User.' });
    expect(result.shadowedBy).toMatchObject({ source: 'project', roleDefinition: 'Project.' });
    expect((await loadRoles(ctx.load)).get('shared')?.roleDefinition).toBe('Project.');
  });

  test('an invalid name is refused with a suggestion; no flags at all on an existing role asks (and so fails)', async () => {
    const ctx = setup();
    await expect(runRolesAdd({ name: 'Security Auditor', scope: 'project' }, ctx, { interactive: false })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      hint: 'Use "security_auditor" instead.',
    });
    await expect(runRolesAdd({ name: 'architect', scope: 'project' }, ctx, { interactive: false })).rejects.toMatchObject({ code: 'USAGE' });
    expect(existsSync(projectFile(ctx))).toBe(false);
  });
});
