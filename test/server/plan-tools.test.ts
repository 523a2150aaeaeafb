import { describe, expect, test } from 'vitest';
import { listProfileTools } from '../../src/server/list-tools.js';
import { PROFILES } from '../../src/server/toolsets.js';
import { mcpHarness, textOf } from '../helpers/mcp.js';

// Plans from templates and documents over MCP, and changes to many tasks: tools outside the default profile,
// and prompts that end in one orchestrator_plan_task call.

describe('orchestrator_apply_template', () => {
  test('a dry run shows the plan and creates nothing; applying creates the plan and its subtasks in one change', async () => {
    const h = await mcpHarness();
    const dry = await h.ok('orchestrator_apply_template', { template: 'feature', parameters: { feature: 'CSV export' }, dry_run: true });
    expect(dry).toMatchObject({ dryRun: true, template: 'feature', plan: null, subtasks: [], parameters: { feature: 'CSV export', details: '' } });
    expect(dry.planned.subtasks.map((subtask: { key: string }) => subtask.key)).toEqual(['design', 'implement', 'test', 'document', 'review']);
    expect((await h.ok('orchestrator_query_tasks')).total).toBe(0);

    const applied = await h.ok('orchestrator_apply_template', { template: 'feature', parameters: { feature: 'CSV export' } });
    expect(applied.plan).toMatchObject({ id: 't1', title: 'Feature: CSV export', children: ['t2', 't3', 't4', 't5', 't6'] });
    expect(applied.subtasks.map((task: { role: string; dependencies: string[] }) => [task.role, task.dependencies])).toEqual([
      ['architect', []],
      ['implementer', ['t2']],
      ['tester', ['t3']],
      ['documenter', ['t3']],
      ['reviewer', ['t4', 't5']],
    ]);
    expect(applied.text).toContain('Created plan t1 "Feature: CSV export"');
    const next = await h.ok('orchestrator_get_next_task', { worker_id: 'agent-1' });
    expect(next.task.id).toBe('t2');
  });

  test('an unknown template or parameter is an error that names the ones there are', async () => {
    const h = await mcpHarness();
    const unknown = await h.fails('orchestrator_apply_template', { template: 'nope' });
    expect([unknown.code, unknown.hint]).toEqual(['NOT_FOUND', expect.stringContaining('bug-fix, feature, git-workflow')]);
    const missing = await h.fails('orchestrator_apply_template', { template: 'release', parameters: {} });
    expect(missing.text).toContain('Template "release" needs "version"');
    const typo = await h.fails('orchestrator_apply_template', { template: 'release', parameters: { version: '1.0', verison: 'x' } });
    expect(typo.text).toContain('no parameter "verison"');
  });

  test('project templates are read from the data directory', async () => {
    const h = await mcpHarness({
      files: {
        '.task_orchestrator/templates/ops.yaml':
          'rotate:\n  description: Rotate a secret\n  parameters: {secret: {description: which}}\n  plan: {title: "Rotate {{secret}}"}\n  subtasks: [{key: do, title: "Rotate {{secret}}", role: implementer}]\n',
      },
    });
    const applied = await h.ok('orchestrator_apply_template', { template: 'rotate', parameters: { secret: 'the API key' } });
    expect(applied.subtasks[0].title).toBe('Rotate the API key');
  });
});

describe('orchestrator_change_tasks', () => {
  test('by filter or by ids, in one change or not at all; a dry run changes nothing', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_apply_template', { template: 'bug-fix', parameters: { bug: 'login loop' } });
    const dry = await h.ok('orchestrator_change_tasks', {
      action: 'update',
      filter: { specialist_type: 'tester' },
      changes: { priority: 'urgent' },
      dry_run: true,
    });
    expect(dry).toMatchObject({ action: 'update', dryRun: true, selected: ['t2', 't5'] });
    expect((await h.ok('orchestrator_query_tasks', { text: 'Reproduce' })).tasks[0].priority).toBe('high');
    const updated = await h.ok('orchestrator_change_tasks', {
      action: 'update',
      filter: { specialist_type: 'tester' },
      changes: { priority: 'urgent', add_tags: ['qa'] },
    });
    expect(updated.tasks.map((task: { id: string; priority: string; tags: string[] }) => [task.id, task.priority, task.tags])).toEqual([
      ['t2', 'urgent', ['qa']],
      ['t5', 'urgent', ['qa']],
    ]);
    // t3 waits on t2: cancelling t2 alone is refused, and t4 with it is not touched either.
    const refused = await h.fails('orchestrator_change_tasks', { action: 'cancel', task_ids: ['t4', 't2'] });
    expect(refused.text).toMatch(/depend.*Nothing was changed/);
    expect((await h.ok('orchestrator_query_tasks', { status: 'cancelled' })).total).toBe(0);
    const cancelled = await h.ok('orchestrator_change_tasks', { action: 'cancel', task_ids: ['t1'], reason: 'duplicate' });
    expect(cancelled.tasks.map((task: { id: string }) => task.id).sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(cancelled.text).toMatch(/^Cancelled 5 tasks in one change:/);
    const none = await h.ok('orchestrator_change_tasks', { action: 'reset', filter: { status: 'failed' } });
    expect([none.selected, none.text]).toEqual([[], 'No task matches; nothing changed.']);
    expect((await h.fails('orchestrator_change_tasks', { action: 'reset' })).code).toBe('INVALID_INPUT');
  });
});

describe('the default profile', () => {
  test('leaves the new tools out and stays within its budget', async () => {
    expect(PROFILES.default.join(' ')).not.toMatch(/apply_template|change_tasks/);
    const [listing] = (await listProfileTools('0.0.0-test')).filter((profile) => profile.profile === 'default');
    expect(listing!.characters).toBeLessThanOrEqual(listing!.budget!);
    expect(listing!.tools.map((tool) => tool.name)).not.toContain('orchestrator_apply_template');
  });
});

describe('planning prompts', () => {
  test('every template is a prompt whose arguments are its parameters; plan-from-document takes the document', async () => {
    const h = await mcpHarness();
    const prompts = (await h.client.listPrompts()).prompts.filter((prompt) => !prompt.name.startsWith('specialist'));
    expect(prompts.map((prompt) => prompt.name)).toEqual([
      'plan-from-document',
      'template-bug-fix',
      'template-feature',
      'template-git-workflow',
      'template-refactor',
      'template-release',
      'template-research-spike',
    ]);
    expect(prompts[0]!.arguments).toEqual([
      expect.objectContaining({ name: 'document', required: true }),
      expect.objectContaining({ name: 'focus', required: false }),
    ]);
    expect(
      prompts.find((prompt) => prompt.name === 'template-git-workflow')!.arguments!.map((argument) => [argument.name, argument.required]),
    ).toEqual([
      ['change', true],
      ['branch', true],
      ['base', false],
    ]);
  });

  test('a template prompt is an orchestrator_plan_task call the agent can make as it is', async () => {
    const h = await mcpHarness();
    const prompt = await h.client.getPrompt({ name: 'template-bug-fix', arguments: { bug: 'export drops the last row' } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    const call = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(text)![1]!) as Record<string, unknown>;
    const planned = await h.ok('orchestrator_plan_task', call);
    expect(planned.order).toHaveLength(4);
    expect((await h.ok('orchestrator_query_tasks', { text: 'Regression test for export drops the last row' })).total).toBe(1);
  });

  test('plan-from-document asks for one orchestrator_plan_task call over the document, and needs one', async () => {
    const h = await mcpHarness();
    const prompt = await h.client.getPrompt({ name: 'plan-from-document', arguments: { document: '# PRD\n\nExport reports as CSV.' } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain('<document>\n# PRD\n\nExport reports as CSV.\n</document>');
    expect(text).toContain('`orchestrator_plan_task` once');
    expect(text).toContain('- `tester`:');
    await expect(h.client.getPrompt({ name: 'plan-from-document', arguments: {} })).rejects.toThrow(/needs the document/);
    await expect(h.client.getPrompt({ name: 'template-nope' })).rejects.toThrow(/template-bug-fix/);
    expect(textOf).toBeTypeOf('function');
  });
});
