import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { binSandbox } from '../helpers/bin.js';

// Spawns the built binary (npm test builds first) with stdin that is not a terminal, in temporary directories.

function sandbox(files: Record<string, string> = {}) {
  const cli = binSandbox(files);
  const { root } = cli;
  return { ...cli, project: path.join(root, 'data', 'templates') };
}

describe('orchestrator templates', () => {
  test('list and show give the built-ins; --json gives the documented shape', () => {
    const cli = sandbox();
    const { code, body } = cli.json('templates', 'list');
    expect(code).toBe(0);
    expect(body.templates.map((template: { name: string }) => template.name)).toEqual([
      'bug-fix',
      'feature',
      'git-workflow',
      'refactor',
      'release',
      'research-spike',
    ]);
    expect(body.problems).toEqual([]);
    const shown = cli.json('templates', 'show', 'feature').body.template;
    expect(shown).toMatchObject({ name: 'feature', source: 'built-in', file: null, overrides: [] });
    expect(shown.parameters[0]).toEqual({ name: 'feature', description: expect.any(String), default: null, required: true });
    expect(shown.subtasks.map((subtask: { key: string }) => subtask.key)).toEqual(['design', 'implement', 'test', 'document', 'review']);
    expect(cli.run('__complete', 'templates', 'apply', 're').stdout.split('\n').filter(Boolean)).toEqual(['refactor', 'release', 'research-spike']);
    const missing = cli.run('templates', 'show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No template named "nope"/);
  });

  test('apply --dry-run changes nothing; apply creates the plan in one change; a missing parameter names the flag', () => {
    const cli = sandbox();
    const dry = cli.json('templates', 'apply', 'git-workflow', '--param', 'change=Add login', '--param', 'branch=login', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.body).toMatchObject({
      dryRun: true,
      template: 'git-workflow',
      parameters: { change: 'Add login', branch: 'login', base: 'main' },
      plan: null,
      subtasks: [],
    });
    expect(dry.body.planned.subtasks.map((subtask: { key: string; id: string }) => `${subtask.key}=${subtask.id}`)).toEqual([
      'branch=t2',
      'commits=t3',
      'pull-request=t4',
      'review=t5',
      'merge=t6',
    ]);
    expect(existsSync(path.join(cli.root, 'data', 'store.json'))).toBe(false);

    const missing = cli.run('templates', 'apply', 'git-workflow', '--param', 'change=Add login');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--param branch="..."');
    const unknown = cli.run('templates', 'apply', 'git-workflow', '--param', 'brnach=x', '--param', 'change=y');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no parameter "brnach"/);

    const applied = cli.json('templates', 'apply', 'git-workflow', '--param', 'change=Add login', '--param', 'branch=login');
    expect(applied.code).toBe(0);
    expect(applied.body.plan).toMatchObject({ id: 't1', title: 'Add login (branch login)', children: ['t2', 't3', 't4', 't5', 't6'] });
    expect(applied.body.subtasks.map((task: { id: string; dependencies: string[] }) => [task.id, task.dependencies])).toEqual([
      ['t2', []],
      ['t3', ['t2']],
      ['t4', ['t3']],
      ['t5', ['t4']],
      ['t6', ['t5']],
    ]);
    const events = readFileSync(path.join(cli.root, 'data', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { rev: number });
    expect(new Set(events.map((event) => event.rev))).toEqual(new Set([1]));

    const nested = cli.json('templates', 'apply', 'refactor', '--param', 'target=the parser', '--parent', 't1');
    expect(nested.body.plan.parentId).toBe('t1');
  });

  test('validate reports file:line and exits 1; init writes an example that validates', () => {
    const cli = sandbox({
      'data/templates/team.yaml':
        'mine:\n  description: Mine\n  plan: {title: "For {{who}}"}\n  subtasks:\n    - key: a\n      title: A\n      role: nobody\n',
    });
    const result = cli.run('templates', 'validate');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('data/templates/team.yaml:3: mine.plan.title: {{who}} names no parameter');
    expect(cli.run('templates', 'list').stderr).toContain('team.yaml:3');
    writeFileSync(
      path.join(cli.project, 'team.yaml'),
      'mine:\n  description: Mine\n  plan: {title: Mine}\n  subtasks:\n    - key: a\n      title: A\n      role: nobody\n',
    );
    const role = cli.json('templates', 'validate');
    expect(role.code).toBe(1);
    expect(role.body.problems).toEqual([
      expect.objectContaining({ line: 7, template: 'mine', message: expect.stringMatching(/role "nobody", which no role file/) }),
    ]);

    const other = sandbox();
    expect(other.json('templates', 'init').body).toEqual({ file: path.join(other.project, 'example.yaml'), created: true });
    expect(other.run('templates', 'validate').code).toBe(0);
    expect(other.json('templates', 'init').body.created).toBe(false);
  });

  test('a project template overrides the built-in of the same name', () => {
    const cli = sandbox({
      'data/templates/feature.yaml':
        'feature:\n  description: Our feature flow\n  plan: {title: "Feature {{name}}"}\n  parameters: {name: {description: what}}\n  subtasks: [{key: build, title: "Build {{name}}", role: implementer}]\n',
    });
    const shown = cli.json('templates', 'show', 'feature').body.template;
    expect(shown).toMatchObject({ source: 'project', description: 'Our feature flow', overrides: [{ source: 'built-in', file: null, line: null }] });
    expect(cli.json('templates', 'apply', 'feature', '--param', 'name=X').body.subtasks).toHaveLength(1);
  });
});
