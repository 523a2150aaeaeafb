import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { artifactIds, onPostgres } from '../helpers/backend.js';
import { mcpHarness } from '../helpers/mcp.js';

const plan = {
  description: 'Build a news scraper\nwith rate limiting',
  subtasks: [
    { title: 'Design', description: 'Design the modules', specialist_type: 'architect', estimated_effort: '30 minutes' },
    { title: 'Implement', description: 'Write the scraper', specialist_type: 'Implementer', dependencies: ['Design'] },
    { title: 'Test', description: 'Test it', specialist_type: 'tester', dependencies: ['implement'] },
  ],
};

describe('orchestrator_initialize_session', () => {
  test('returns the session, the worker id, the roles, how to plan, and the plans in progress', async () => {
    const h = await mcpHarness();
    const first = await h.ok('orchestrator_initialize_session');
    expect(first.sessionId).toBe(h.connection.sessionId);
    expect(first.workerId).toMatch(/^test-client-[0-9a-f]{8}$/);
    expect(first.dataDir).toBe(h.dataDir);
    expect(first.roles.map((role: { name: string }) => role.name)).toEqual([
      'architect',
      'debugger',
      'documenter',
      'implementer',
      'researcher',
      'reviewer',
      'tester',
    ]);
    expect(first.coordinator.approach.join(' ')).toMatch(/orchestrator_plan_task/);
    expect(first.plansInProgress).toEqual([]);
    expect(first.text).toMatch(/## How to plan/);
    expect(first.text).toMatch(/- tester: /);

    const { planId } = await h.ok('orchestrator_plan_task', plan);
    const again = await h.ok('orchestrator_initialize_session');
    expect(again.plansInProgress).toEqual([expect.objectContaining({ planId, total: 3, next: expect.objectContaining({ title: 'Design' }) })]);
    expect(again.text).toContain(`${planId} "Build a news scraper": 0/3 completed`);
    const session = (await h.connection.service.snapshot()).sessions[h.connection.sessionId];
    expect(session).toMatchObject({ client: 'test-client', dataDir: h.dataDir, workingDirectory: null });
  });

  test('working_directory, the older name of project_root, moves the store for this connection', async () => {
    const h = await mcpHarness({ noDataDir: true });
    const project = path.join(h.dir, 'project');
    mkdirSync(path.join(project, '.git'), { recursive: true });
    const session = await h.ok('orchestrator_initialize_session', { working_directory: project });
    expect(session).toMatchObject({ dataDir: path.join(project, '.task_orchestrator'), storeRule: 'project_root', projectRoot: project });
    await h.ok('orchestrator_create_generic_task', { title: 'Lands in the project' });
    expect((await h.connection.service.list()).tasks.map((task) => task.title)).toEqual(['Lands in the project']);
    // With the files, the store is in that project; a database stays where its URL points.
    if (!onPostgres) expect(existsSync(path.join(project, '.task_orchestrator', 'store.json'))).toBe(true);
  });

  test('refuses a relative or missing working_directory', async () => {
    const h = await mcpHarness();
    expect((await h.fails('orchestrator_initialize_session', { working_directory: 'relative/dir' })).text).toMatch(/absolute path/);
    expect((await h.fails('orchestrator_initialize_session', { project_root: 'relative/dir' })).code).toBe('INVALID_INPUT');
    const missing = await h.fails('orchestrator_initialize_session', { working_directory: path.join(h.dir, 'nope') });
    expect(missing).toMatchObject({ code: 'INVALID_INPUT' });
    expect(missing.text).toMatch(/Next: /);
  });
});

describe('orchestrator_plan_task', () => {
  test('creates the plan and returns the subtask ids in dependency order', async () => {
    const h = await mcpHarness();
    const result = await h.ok('orchestrator_plan_task', { ...plan, complexity_level: 'moderate', context: 'Use Python 3.12' });
    expect(result.planId).toBe('t1');
    expect(result.subtasks.map((task: { title: string; role: string }) => [task.title, task.role])).toEqual([
      ['Design', 'architect'],
      ['Implement', 'implementer'],
      ['Test', 'tester'],
    ]);
    expect(result.order).toEqual(['t2', 't3', 't4']);
    expect(result.subtasks[1].dependencies).toEqual(['t2']);
    expect(result.next.id).toBe('t2');
    expect(result.text).toContain('Next: orchestrator_execute_subtask with task_id "t2"');
    const { task } = await h.connection.service.get('t1');
    expect(task).toMatchObject({ title: 'Build a news scraper', complexity: 'moderate' });
    expect(task.description).toContain('Use Python 3.12');
  });

  test('accepts the subtasks as a JSON string', async () => {
    const h = await mcpHarness();
    const result = await h.ok('orchestrator_plan_task', { description: plan.description, subtasks_json: JSON.stringify(plan.subtasks) });
    expect(result.order).toHaveLength(3);
  });

  test('checks everything before creating anything', async () => {
    const h = await mcpHarness();
    const role = await h.fails('orchestrator_plan_task', {
      description: 'P',
      subtasks: [{ title: 'A', description: 'a', specialist_type: 'wizard' }],
    });
    expect(role.code).toBe('INVALID_INPUT');
    expect(role.text).toMatch(/Unknown role "wizard" for subtask "A"/);
    expect(role.hint).toMatch(/architect, coordinator, debugger, documenter, implementer, researcher, reviewer, tester/);
    const dependency = await h.fails('orchestrator_plan_task', {
      description: 'P',
      subtasks: [{ title: 'A', description: 'a', specialist_type: 'tester', dependencies: ['Ghost'] }],
    });
    expect(dependency.text).toMatch(/depends on "Ghost"/);
    const cycle = await h.fails('orchestrator_plan_task', {
      description: 'P',
      subtasks: [
        { title: 'A', description: 'a', specialist_type: 'tester', dependencies: ['B'] },
        { title: 'B', description: 'b', specialist_type: 'tester', dependencies: ['A'] },
      ],
    });
    expect(cycle.code).toBe('CYCLE');
    expect((await h.fails('orchestrator_plan_task', { description: 'P', subtasks_json: '[{"title": ' })).text).toMatch(/not valid JSON/);
    expect((await h.fails('orchestrator_plan_task', { description: 'P', subtasks_json: '[{"title": "x"}]' })).text).toMatch(
      /Invalid subtasks_json: 0\.description/,
    );
    expect((await h.fails('orchestrator_plan_task', { description: 'P' })).text).toMatch(/no subtasks/);
    expect((await h.fails('orchestrator_plan_task', { description: 'P', subtasks: plan.subtasks, subtasks_json: '[]' })).text).toMatch(/not both/);
    expect((await h.fails('orchestrator_plan_task', { description: 'P', subtasks: [] })).text).toMatch(/subtasks/);
    expect(existsSync(path.join(h.dataDir, 'store.json'))).toBe(false);
  });
});

describe('executing and completing subtasks', () => {
  test('execute claims the subtask and returns the specialist context with what its dependencies produced', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', plan);
    const design = await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
    expect(design.task).toMatchObject({ id: 't2', status: 'in_progress', assignee: design.workerId });
    expect(design.context.role).toMatchObject({ name: 'architect', expertise: expect.any(Array), outputFormat: expect.any(String) });
    expect(design.context.plan).toMatchObject({ id: 't1' });
    expect(design.text).toMatch(/^# Specialist: architect/);
    expect(design.text).toContain('## Expected output');

    const done = await h.ok('orchestrator_complete_subtask', {
      task_id: 't2',
      summary: 'Two modules: fetcher and parser',
      detailed_work: '# Design\n\nSECRET-DETAILED-CONTENT',
      file_paths: ['docs/design.md'],
      artifact_type: 'design',
    });
    expect(done.outcome).toBe('completed');
    expect(JSON.stringify(done)).not.toContain('SECRET-DETAILED-CONTENT');
    expect(await h.connection.service.readArtifact('t2', done.artifact.id)).toBe('# Design\n\nSECRET-DETAILED-CONTENT');
    expect(done.artifact).toMatchObject({ type: 'design', uri: `orchestrator://artifacts/t2/${done.artifact.id}` });
    expect(done.planProgress).toMatchObject({ planId: 't1', percentComplete: 33, ready: ['t3'] });
    expect(done.nextRecommended).toMatchObject({ id: 't3', title: 'Implement' });
    expect(done.task.metadata).toMatchObject({ nextAction: 'complete', filePaths: ['docs/design.md'] });

    const implement = await h.ok('orchestrator_execute_subtask', { task_id: 't3', worker_id: 'agent-2' });
    expect(implement.context.dependencies).toEqual([
      expect.objectContaining({
        id: 't2',
        summary: 'Two modules: fetcher and parser',
        artifacts: [expect.objectContaining({ id: done.artifact.id })],
      }),
    ]);
    expect(implement.context.artifactResources).toEqual([done.artifact.uri]);
    expect(implement.text).toContain('Two modules: fetcher and parser');
    expect(implement.text).toContain(done.artifact.uri);
    expect(implement.text).not.toContain('SECRET-DETAILED-CONTENT');
  });

  test('execute refuses blocked subtasks, subtasks held by someone else and unknown ids', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', plan);
    const blocked = await h.fails('orchestrator_execute_subtask', { task_id: 't3' });
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.text).toMatch(/blocked by t2\.\nNext: /);
    await h.ok('orchestrator_execute_subtask', { task_id: 't2', worker_id: 'agent-1' });
    const held = await h.fails('orchestrator_execute_subtask', { task_id: 't2', worker_id: 'agent-2' });
    expect(held.text).toMatch(/held by agent-1/);
    expect((await h.fails('orchestrator_execute_subtask', { task_id: 'nope' })).code).toBe('NOT_FOUND');
    expect((await h.fails('orchestrator_execute_subtask', { task_id: 't1' })).text).toMatch(/is a plan/);
  });

  test('completion remembers the worker this connection claimed under; others may not complete it', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', plan);
    await h.ok('orchestrator_execute_subtask', { task_id: 't2', worker_id: 'agent-1' });
    const other = await h.fails('orchestrator_complete_subtask', { task_id: 't2', summary: 's', detailed_work: 'w', worker_id: 'agent-2' });
    expect(other.code).toBe('FORBIDDEN');
    // The refused work left no artifact behind.
    expect(await artifactIds(h.connection.service, 't2')).toEqual([]);
    await h.ok('orchestrator_complete_subtask', { task_id: 't2', summary: 's', detailed_work: 'w' });
    expect((await h.fails('orchestrator_complete_subtask', { task_id: 'ghost', summary: 's', detailed_work: 'w' })).code).toBe('NOT_FOUND');
    expect(
      (await h.fails('orchestrator_complete_subtask', { task_id: 't3', summary: 's', detailed_work: 'w', artifact_type: 'Bad Type' })).text,
    ).toMatch(/artifact_type/);
  });

  test('needs_revision and blocked are kept and never mean completed', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', plan);
    await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
    const revise = await h.ok('orchestrator_complete_subtask', {
      task_id: 't2',
      summary: 'Draft only',
      detailed_work: 'v1',
      next_action: 'needs_revision',
    });
    expect(revise).toMatchObject({
      outcome: 'needs_revision',
      nextAction: 'needs_revision',
      task: { status: 'pending', summary: 'Draft only' },
    });
    expect(revise.text).toMatch(/needs revision/);
    expect(revise.planProgress.counts.completed).toBe(0);
    expect((await h.fails('orchestrator_execute_subtask', { task_id: 't3' })).code).toBe('CONFLICT');

    await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
    const blocked = await h.ok('orchestrator_complete_subtask', {
      task_id: 't2',
      summary: 'Needs credentials',
      detailed_work: 'v2',
      next_action: 'blocked',
    });
    expect(blocked).toMatchObject({ outcome: 'blocked', task: { status: 'failed', error: 'Blocked: Needs credentials' } });
    expect(blocked.task.artifacts).toHaveLength(2);
    expect(blocked.text).toMatch(/orchestrator_reset_task/);
  });
});

describe('orchestrator_synthesize_results and orchestrator_get_status', () => {
  test('synthesis groups summaries by role, lists artifacts and what is incomplete', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', plan);
    await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
    const done = await h.ok('orchestrator_complete_subtask', {
      task_id: 't2',
      summary: 'Designed',
      detailed_work: 'w',
      file_paths: ['a.md'],
    });
    const synthesis = await h.ok('orchestrator_synthesize_results', { parent_task_id: 't1' });
    expect(synthesis.complete).toBe(false);
    expect(synthesis.byRole[0]).toEqual({ role: 'architect', tasks: [expect.objectContaining({ id: 't2', summary: 'Designed' })] });
    expect(synthesis.artifacts).toEqual([expect.objectContaining({ taskId: 't2', id: done.artifact.id })]);
    expect(synthesis.incomplete.map((task: { id: string }) => task.id)).toEqual(['t3', 't4']);
    expect(synthesis.filePaths).toEqual(['a.md']);
    expect(synthesis.text).toContain(done.artifact.uri);
    expect(synthesis.text).toMatch(/## Not completed\n- t3 Implement: pending, ready\n- t4 Test: pending, waits for t3/);
    expect((await h.fails('orchestrator_synthesize_results', { parent_task_id: 't2' })).text).toMatch(/no subtasks/);
    expect((await h.fails('orchestrator_synthesize_results', { parent_task_id: 'zz' })).code).toBe('NOT_FOUND');
  });

  test('status counts everything whatever the filter; a plan scope counts its subtasks', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', plan);
    await h.ok('orchestrator_create_generic_task', { title: 'Loose task' });
    await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
    await h.ok('orchestrator_complete_subtask', { task_id: 't2', summary: 's', detailed_work: 'w' });
    const store = await h.ok('orchestrator_get_status');
    expect(store.counts).toEqual({ pending: 3, in_progress: 1, completed: 1, failed: 0, cancelled: 0 });
    expect(store.total).toBe(5);
    expect(store.tasks.map((task: { id: string }) => task.id)).toEqual(['t1', 't3', 't4', 't5']);
    expect(store.plans).toEqual([expect.objectContaining({ planId: 't1' })]);
    const all = await h.ok('orchestrator_get_status', { include_completed: true, limit: 2 });
    expect(all.tasks).toHaveLength(2);
    expect(all.omitted).toBe(3);
    expect(all.counts).toEqual(store.counts);
    const scoped = await h.ok('orchestrator_get_status', { plan_id: 't1' });
    expect(scoped).toMatchObject({ scope: 'plan', total: 3, counts: { pending: 2, completed: 1 } });
    expect(scoped.tasks.map((task: { id: string }) => task.id)).toEqual(['t3', 't4']);
    expect(scoped.text).toMatch(/^Plan t1 "Build a news scraper": 1\/3 completed \(33%\), 1 ready\./);
    expect((await h.fails('orchestrator_get_status', { plan_id: 't5' })).text).toMatch(/not a plan/);
  });

  test('artifact files stay inside the data directory', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A', task_id: 'a.b' });
    await h.ok('orchestrator_complete_subtask', { task_id: 'a.b', summary: 's', detailed_work: 'w' });
    if (onPostgres) expect(await artifactIds(h.connection.service, 'a.b')).toHaveLength(1);
    else expect(readdirSync(path.join(h.dataDir, 'artifacts'))).toEqual(['a.b']);
    expect((await h.call('orchestrator_complete_subtask', { task_id: '../escape', summary: 's', detailed_work: 'w' })).isError).toBe(true);
    expect(existsSync(path.join(h.dir, 'escape'))).toBe(false);
  });
});
