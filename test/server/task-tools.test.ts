import { describe, expect, test } from 'vitest';
import { artifactIds } from '../helpers/backend.js';
import { mcpHarness } from '../helpers/mcp.js';

const ids = (result: Record<string, any>) => (result.tasks as Array<{ id: string }>).map((task) => task.id);

describe('generic task tools', () => {
  test('create a task with every field; unknown roles and dependencies are refused', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'Base', task_id: 'base' });
    const created = await h.ok('orchestrator_create_generic_task', {
      title: 'Write the API docs',
      description: 'All endpoints',
      dependencies: ['base'],
      specialist_type: 'Documenter',
      priority: 'high',
      tags: ['docs', 'api'],
      complexity: 'simple',
      estimated_effort: '2 hours',
      metadata: { ticket: 'ABC-1' },
    });
    expect(created.task).toMatchObject({
      id: 't1',
      role: 'documenter',
      priority: 'high',
      tags: ['docs', 'api'],
      dependencies: ['base'],
      blockedBy: ['base'],
      estimatedEffort: '2 hours',
      metadata: { ticket: 'ABC-1' },
    });
    expect(created.text).toBe('Created t1 [blocked by base] (documenter) Write the API docs.');
    expect((await h.fails('orchestrator_create_generic_task', { title: 'X', specialist_type: 'wizard' })).hint).toMatch(/known roles: architect/);
    expect((await h.fails('orchestrator_create_generic_task', { title: 'X', dependencies: ['ghost'] })).text).toMatch(/unknown task ghost/);
    expect((await h.fails('orchestrator_create_generic_task', { title: 'X', task_id: 'base' })).code).toBe('CONFLICT');
    expect((await h.fails('orchestrator_create_generic_task', { title: 'X', parent_id: 'ghost' })).code).toBe('INVALID_INPUT');
  });

  test('update changes only what is given and checks dependencies', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A', tags: ['x'] });
    await h.ok('orchestrator_create_generic_task', { title: 'B', dependencies: ['t1'] });
    const updated = await h.ok('orchestrator_update_task', {
      task_id: 't1',
      title: 'A2',
      priority: 'urgent',
      specialist_type: 'tester',
      metadata: { k: 1 },
    });
    expect(updated.task).toMatchObject({ title: 'A2', priority: 'urgent', role: 'tester', tags: ['x'], metadata: { k: 1 } });
    const cleared = await h.ok('orchestrator_update_task', { task_id: 't1', specialist_type: null, metadata: { k: null } });
    expect(cleared.task).toMatchObject({ role: null, metadata: {} });
    expect((await h.fails('orchestrator_update_task', { task_id: 't1', add_dependencies: ['t2'] })).code).toBe('CYCLE');
    expect((await h.fails('orchestrator_update_task', { task_id: 't1' })).text).toMatch(/nothing to update/);
    expect((await h.fails('orchestrator_update_task', { task_id: 'zz', title: 'x' })).code).toBe('NOT_FOUND');
    expect((await h.fails('orchestrator_update_task', { task_id: 't1', specialist_type: 'wizard' })).code).toBe('INVALID_INPUT');
  });

  test('delete refuses while others depend on it unless forced, removes artifacts, or archives instead', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    await h.ok('orchestrator_create_generic_task', { title: 'B', dependencies: ['t1'] });
    await h.ok('orchestrator_complete_subtask', { task_id: 't1', summary: 's', detailed_work: 'w' });
    const refused = await h.fails('orchestrator_delete_task', { task_id: 't1' });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.text).toMatch(/t2 depends on it/);
    const archived = await h.ok('orchestrator_delete_task', { task_id: 't1', archive_instead: true });
    expect(archived.archived).toEqual(['t1']);
    expect((await h.connection.service.get('t2')).task.ready).toBe(true);
    await h.ok('orchestrator_create_generic_task', { title: 'C' });
    await h.ok('orchestrator_create_generic_task', { title: 'D', dependencies: ['t3'] });
    await h.ok('orchestrator_complete_subtask', { task_id: 't3', summary: 's', detailed_work: 'w' });
    expect(await artifactIds(h.connection.service, 't3')).toHaveLength(1);
    const deleted = await h.ok('orchestrator_delete_task', { task_id: 't3', force: true });
    expect(deleted.deleted).toEqual(['t3']);
    expect(await artifactIds(h.connection.service, 't3')).toEqual([]);
    expect((await h.connection.service.get('t4')).task.dependencies).toEqual([]);
    expect((await h.fails('orchestrator_delete_task', { task_id: 't3' })).code).toBe('NOT_FOUND');
  });

  test('cancel keeps the reason and refuses while unfinished tasks depend on it', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    await h.ok('orchestrator_create_generic_task', { title: 'B', dependencies: ['t1'] });
    expect((await h.fails('orchestrator_cancel_task', { task_id: 't1' })).text).toMatch(/t2 depends on it/);
    const cancelled = await h.ok('orchestrator_cancel_task', { task_id: 't2', reason: 'out of scope' });
    expect(cancelled.tasks).toEqual([expect.objectContaining({ id: 't2', status: 'cancelled', cancelReason: 'out of scope' })]);
    expect((await h.fails('orchestrator_cancel_task', { task_id: 't2' })).text).toMatch(/already cancelled/);
  });
});

describe('orchestrator_query_tasks', () => {
  test('every filter works, alone and together, with totals and pages', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_plan_task', {
      description: 'Plan',
      subtasks: [
        { title: 'Design the parser', description: 'grammar first', specialist_type: 'architect' },
        { title: 'Build the parser', description: 'code', specialist_type: 'implementer', dependencies: ['Design the parser'] },
      ],
    });
    await h.ok('orchestrator_create_generic_task', { title: 'Docs', specialist_type: 'documenter', tags: ['docs', 'later'] });
    h.clock.advance(60_000);
    await h.ok('orchestrator_create_generic_task', { title: 'Release notes', specialist_type: 'documenter', tags: ['docs'] });
    await h.ok('orchestrator_execute_subtask', { task_id: 't2', worker_id: 'alice' });

    expect(ids(await h.ok('orchestrator_query_tasks'))).toEqual(['t1', 't2', 't3', 't4', 't5']);
    // The plan is in progress too: its status follows its subtasks.
    expect(ids(await h.ok('orchestrator_query_tasks', { status: 'in_progress' }))).toEqual(['t1', 't2']);
    expect(ids(await h.ok('orchestrator_query_tasks', { status: 'pending' }))).toEqual(['t3', 't4', 't5']);
    expect(ids(await h.ok('orchestrator_query_tasks', { status: ['in_progress', 'pending'] }))).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(ids(await h.ok('orchestrator_query_tasks', { specialist_type: 'documenter' }))).toEqual(['t4', 't5']);
    expect(ids(await h.ok('orchestrator_query_tasks', { parent_id: 't1' }))).toEqual(['t2', 't3']);
    expect(ids(await h.ok('orchestrator_query_tasks', { tags: ['docs'] }))).toEqual(['t4', 't5']);
    expect(ids(await h.ok('orchestrator_query_tasks', { tags: ['docs', 'later'] }))).toEqual(['t4']);
    expect(ids(await h.ok('orchestrator_query_tasks', { text: 'GRAMMAR' }))).toEqual(['t2']);
    expect(ids(await h.ok('orchestrator_query_tasks', { created_after: '2026-01-01T00:00:30Z' }))).toEqual(['t5']);
    expect(ids(await h.ok('orchestrator_query_tasks', { created_before: '2026-01-01T00:00:30Z' }))).toEqual(['t1', 't2', 't3', 't4']);
    expect(ids(await h.ok('orchestrator_query_tasks', { ready: true }))).toEqual(['t4', 't5']);
    expect(ids(await h.ok('orchestrator_query_tasks', { assignee: 'alice' }))).toEqual(['t2']);
    expect(ids(await h.ok('orchestrator_query_tasks', { specialist_type: 'documenter', tags: ['later'], ready: true }))).toEqual(['t4']);

    const page = await h.ok('orchestrator_query_tasks', { limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 5, offset: 2, limit: 2, hasMore: true, nextOffset: 4 });
    expect(ids(page)).toEqual(['t3', 't4']);
    expect(page.counts).toEqual({ pending: 3, in_progress: 2, completed: 0, failed: 0, cancelled: 0 });
    expect(page.text).toMatch(/^Tasks 3-4 of 5 \(next page: offset 4\):/);
    const last = await h.ok('orchestrator_query_tasks', { limit: 2, offset: 4 });
    expect(last).toMatchObject({ hasMore: false, nextOffset: null });
    expect((await h.ok('orchestrator_query_tasks', { text: 'nothing like this' })).text).toBe('No task matches.');
    expect((await h.call('orchestrator_query_tasks', { status: 'done' })).isError).toBe(true);
    expect((await h.call('orchestrator_query_tasks', { created_after: 'yesterday' })).isError).toBe(true);
  });
});
