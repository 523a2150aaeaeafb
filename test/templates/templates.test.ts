import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUILT_IN_ROLES } from '../../src/roles/index.js';
import { EXAMPLE_TEMPLATE_YAML } from '../../src/templates/example.js';
import { builtInTemplates, checkParameters, loadTemplates, renderTemplate, resolveParameters, type Template } from '../../src/templates/index.js';
import { parseTemplateFile } from '../../src/templates/parse-file.js';
import { testService } from '../helpers/service.js';
import { testdir } from '../helpers/testdir.js';
import { rejection } from '../helpers/errors.js';

const actor = 'cli:test';

/** A value for every parameter a template needs, so that each one can be applied. */
function sampleValues(template: Template): Record<string, string> {
  return Object.fromEntries(
    template.parameters.filter((parameter) => parameter.default === undefined).map((parameter) => [parameter.name, `sample-${parameter.name}`]),
  );
}

describe('built-in templates', () => {
  test('cover the workflows people use', () => {
    expect(
      builtInTemplates()
        .map((template) => template.name)
        .sort(),
    ).toEqual(['bug-fix', 'feature', 'git-workflow', 'refactor', 'release', 'research-spike']);
  });

  test('every one validates and names only built-in roles', () => {
    const roles = new Set(BUILT_IN_ROLES.map((role) => role.name));
    for (const template of builtInTemplates()) {
      for (const subtask of template.subtasks) expect(roles.has(subtask.role ?? ''), `${template.name}.${subtask.key}`).toBe(true);
    }
  });

  test.each(builtInTemplates().map((template) => [template.name, template] as const))(
    '%s applies as one plan, in dependency order',
    async (_name, template) => {
      const { service, store } = testService();
      const result = await service.applyBatch(renderTemplate(template, resolveParameters(template, sampleValues(template)).values), actor);
      expect(result.created).toHaveLength(template.subtasks.length + 1);
      const doc = await store.read();
      const plan = doc.tasks[result.created[0]!.id]!;
      expect(plan.metadata.template).toEqual({ name: template.name, parameters: resolveParameters(template, sampleValues(template)).values });
      for (const [index, subtask] of template.subtasks.entries()) {
        const task = doc.tasks[result.created[index + 1]!.id]!;
        expect(task.parentId).toBe(plan.id);
        expect(task.title).not.toContain('{{');
        expect(task.description).not.toContain('{{');
        const keys = task.dependencies.map((id) => template.subtasks[result.created.findIndex((entry) => entry.id === id) - 1]!.key);
        expect(keys, subtask.key).toEqual(subtask.dependsOn);
      }
      // Something can start at once: a template whose every subtask waits would never move.
      expect((await service.list({ ready: true })).tasks.length).toBeGreaterThan(0);
    },
  );
});

const BUG = `
hotfix:
  description: Fix a production bug fast
  parameters:
    bug:
      description: the bug
    severity:
      description: how bad
      default: high
  plan:
    title: "Hotfix: {{bug}}"
    description: "Fix {{bug}} ({{severity}})"
    priority: urgent
    tags: [hotfix]
  subtasks:
    - key: find
      title: "Find {{bug}}"
      role: debugger
      effort: 2
    - key: fix
      title: "Fix {{bug}}"
      role: implementer
      depends_on: [find]
      tags: ["{{severity}}"]
`;

describe('a parameterised template', () => {
  test('produces the expected plan', async () => {
    const [template] = parseTemplateFile(BUG, 'hotfix.yaml', 'project').templates;
    const resolved = resolveParameters(template!, { bug: 'login loop' });
    checkParameters(template!, resolved);
    const { service, store } = testService();
    const result = await service.applyBatch(renderTemplate(template!, resolved.values), actor);
    const tasks = Object.values((await store.read()).tasks);
    expect(
      tasks.map(({ id, title, parentId, role, dependencies, priority, tags, estimatedEffort }) => ({
        id,
        title,
        parentId,
        role,
        dependencies,
        priority,
        tags,
        estimatedEffort,
      })),
    ).toEqual([
      {
        id: 't1',
        title: 'Hotfix: login loop',
        parentId: null,
        role: null,
        dependencies: [],
        priority: 'urgent',
        tags: ['hotfix'],
        estimatedEffort: null,
      },
      { id: 't2', title: 'Find login loop', parentId: 't1', role: 'debugger', dependencies: [], priority: 'normal', tags: [], estimatedEffort: '2' },
      {
        id: 't3',
        title: 'Fix login loop',
        parentId: 't1',
        role: 'implementer',
        dependencies: ['t2'],
        priority: 'normal',
        tags: ['high'],
        estimatedEffort: null,
      },
    ]);
    expect(tasks[0]!.description).toBe('Fix login loop (high)');
    expect(result.tasks.map((task) => task.id)).toEqual(['t1', 't2', 't3']);
  });

  test('refuses unknown and missing parameters by name, and a finished --parent', async () => {
    const [template] = parseTemplateFile(BUG, 'hotfix.yaml', 'project').templates;
    expect(() => checkParameters(template!, resolveParameters(template!, { bugg: 'x' }))).toThrow(/no parameter "bugg"/);
    expect(() => checkParameters(template!, resolveParameters(template!, {}))).toThrow(/needs "bug"/);
    const { service } = testService();
    await service.create({ id: 'done', title: 'Done' }, actor);
    await service.complete('done', { worker: actor, force: true });
    const error = await rejection(service.applyBatch(renderTemplate(template!, { bug: 'x', severity: 'low' }, { parentId: 'done' }), actor));
    expect(error.code).toBe('CONFLICT');
  });
});

describe('validation', () => {
  test('reports every problem as file:line, and keeps the good templates of the file', () => {
    const text = [
      'good:', //                                      1
      '  description: Fine', //                         2
      '  plan: {title: Fine}', //                       3
      '  subtasks: [{key: a, title: A}]', //            4
      'bad:', //                                        5
      '  description: Broken', //                       6
      '  parameters:', //                               7
      '    who: {description: someone}', //             8
      '  plan:', //                                     9
      '    title: "For {{whom}}"', //                   10
      '  subtasks:', //                                 11
      '    - key: a', //                                12
      '      title: A', //                              13
      '      role: Team Lead', //                       14
      '      depends_on: [b, zz]', //                   15
      '    - key: b', //                                16
      '      title: B', //                              17
      '      depends_on: [a]', //                       18
      '      priority: asap', //                        19
      '      effrot: 2h', //                            20
    ].join('\n');
    const parsed = parseTemplateFile(text, 'team.yaml', 'project');
    expect(parsed.templates.map((template) => template.name)).toEqual(['good']);
    const lines = parsed.problems.map((problem) => `${problem.line}: ${problem.message}`).sort((a, b) => parseInt(a) - parseInt(b));
    expect(lines).toEqual([
      '10: bad.plan.title: {{whom}} names no parameter (parameters here: who)',
      '14: bad.subtasks[0].role: "Team Lead" is not a role name: role names are 1-64 lowercase letters, digits, "_" and "-", starting with a letter or digit; did you mean "team_lead"?',
      '15: bad.subtasks[0].depends_on: no subtask has the key "zz"; keys here: a, b',
      '15: bad.subtasks: the dependencies form a cycle: a → b → a (each task waits for the next)',
      '19: bad.subtasks[1].priority: expected one of urgent, high, normal, low',
      '20: bad.subtasks[1].effrot: unknown key; expected one of key, title, description, role, priority, effort, complexity, depends_on, tags',
    ]);
    expect(parsed.problems.every((problem) => problem.file === 'team.yaml' && problem.template === 'bad')).toBe(true);
  });

  test('a file that does not parse names its line; an empty file is a problem, comments only are not', () => {
    expect(parseTemplateFile('a:\n  description: x\n\tplan: y\n', 'tabs.yaml', 'user').problems[0]).toMatchObject({ file: 'tabs.yaml', line: 3 });
    expect(parseTemplateFile('  \n', 'empty.yaml', 'user').problems[0]!.message).toMatch(/empty/);
    expect(parseTemplateFile(EXAMPLE_TEMPLATE_YAML, 'example.yaml', 'project')).toMatchObject({ templates: [], problems: [] });
  });

  test('the example written by `templates init` loads once uncommented', () => {
    const uncommented = EXAMPLE_TEMPLATE_YAML.split('\n')
      .filter((line) => line.startsWith('#| '))
      .map((line) => line.slice(3))
      .join('\n');
    const parsed = parseTemplateFile(uncommented, 'example.yaml', 'project');
    expect(parsed.problems).toEqual([]);
    expect(parsed.templates.map((template) => template.name)).toEqual(['db-migration']);
  });
});

describe('layers', () => {
  test('project overrides user overrides built-in, template by template; a duplicate in one folder is reported', async () => {
    const root = testdir({
      'home/templates/mine.yaml':
        'feature:\n  description: User feature\n  plan: {title: F}\n  subtasks: [{key: a, title: A}]\nextra:\n  description: Extra\n  plan: {title: E}\n  subtasks: [{key: a, title: A}]\n',
      'data/templates/a.yaml': 'feature:\n  description: Project feature\n  plan: {title: F}\n  subtasks: [{key: a, title: A}]\n',
      'data/templates/b.yaml': 'feature:\n  description: Again\n  plan: {title: F}\n  subtasks: [{key: a, title: A}]\n',
    });
    const catalog = await loadTemplates({ dataDir: path.join(root, 'data'), home: path.join(root, 'home') });
    expect(catalog.get('feature')).toMatchObject({ description: 'Project feature', source: 'project' });
    expect(catalog.get('feature')!.overrides!.map((origin) => origin.source)).toEqual(['user', 'built-in']);
    expect(catalog.get('extra')!.source).toBe('user');
    expect(catalog.get('release')!.source).toBe('built-in');
    expect(catalog.problems).toHaveLength(1);
    expect(catalog.problems[0]).toMatchObject({ file: path.join(root, 'data/templates/b.yaml'), line: 1 });
    expect(catalog.problems[0]!.message).toMatch(/already defined in .*a\.yaml:1/);
  });
});
