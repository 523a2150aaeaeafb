import { describe, expect, test } from 'vitest';
import { breakStore } from '../helpers/backend.js';
import { mcpHarness } from '../helpers/mcp.js';

/** The arguments of each tool; the optional request_id every tool that changes the store takes is left out. */
async function inputNames(h: Awaited<ReturnType<typeof mcpHarness>>) {
  const { tools } = await h.client.listTools();
  for (const tool of tools) expect('request_id' in (tool.inputSchema.properties ?? {}), tool.name).toBe(!tool.annotations?.readOnlyHint);
  return Object.fromEntries(
    tools.map((tool) => [
      tool.name,
      {
        args: Object.keys(tool.inputSchema.properties ?? {})
          .filter((name) => name !== 'request_id')
          .sort(),
        required: [...(tool.inputSchema.required ?? [])].sort(),
      },
    ]),
  );
}

describe('compat-orchestrator-server', () => {
  test('keeps the original tool and argument names', async () => {
    const h = await mcpHarness({ toolsets: ['compat-orchestrator-server'] });
    expect(await inputNames(h)).toEqual({
      create_task: { args: ['dependencies', 'description', 'id'], required: ['description', 'id'] },
      get_next_task: { args: ['instance_id'], required: ['instance_id'] },
      complete_task: { args: ['instance_id', 'result', 'task_id'], required: ['instance_id', 'result', 'task_id'] },
      get_task_status: { args: [], required: [] },
      get_task_details: { args: ['task_id'], required: ['task_id'] },
      update_task: { args: ['dependencies', 'description', 'task_id'], required: ['task_id'] },
      delete_task: { args: ['task_id'], required: ['task_id'] },
    });
  });

  test('the original flow works on the shared store, answering with the original JSON', async () => {
    const h = await mcpHarness({ toolsets: ['compat-orchestrator-server'] });
    const research = await h.ok('create_task', { id: 'research', description: 'Research authentication methods' });
    expect(JSON.parse(research.text)).toEqual({
      id: 'research',
      description: 'Research authentication methods',
      status: 'pending',
      dependencies: [],
    });
    h.clock.advance(1000);
    await h.ok('create_task', { id: 'implement', description: 'Implement authentication', dependencies: ['research'] });
    expect((await h.fails('create_task', { id: 'x', description: 'd', dependencies: ['ghost'] })).text).toMatch(/unknown task ghost/);
    expect((await h.fails('create_task', { id: 'research', description: 'again' })).code).toBe('CONFLICT');

    const next = await h.ok('get_next_task', { instance_id: 'worker-1' });
    expect(JSON.parse(next.text)).toMatchObject({ id: 'research', status: 'in_progress', assignedTo: 'worker-1' });
    expect(JSON.parse((await h.ok('get_next_task', { instance_id: 'worker-2' })).text)).toEqual({ status: 'no_tasks' });
    expect((await h.fails('complete_task', { task_id: 'research', instance_id: 'worker-2', result: 'r' })).code).toBe('FORBIDDEN');

    const completed = JSON.parse(
      (await h.ok('complete_task', { task_id: 'research', instance_id: 'worker-1', result: 'OAuth 2.0 recommended' })).text,
    );
    expect(completed.completed_task).toMatchObject({ id: 'research', status: 'completed', result: 'OAuth 2.0 recommended' });
    expect(completed.unlocked_tasks).toEqual([expect.objectContaining({ id: 'implement', status: 'pending' })]);

    const all = JSON.parse((await h.ok('get_task_status')).text);
    expect(all.map((task: { id: string; status: string }) => [task.id, task.status])).toEqual([
      ['research', 'completed'],
      ['implement', 'pending'],
    ]);
    expect(JSON.parse((await h.ok('get_task_details', { task_id: 'implement' })).text)).toMatchObject({
      id: 'implement',
      dependencies: ['research'],
    });
    expect((await h.fails('get_task_details', { task_id: 'ghost' })).code).toBe('NOT_FOUND');

    const updated = JSON.parse((await h.ok('update_task', { task_id: 'implement', description: 'Implement OAuth' })).text);
    expect(updated.description).toBe('Implement OAuth');
    expect((await h.fails('update_task', { task_id: 'research', description: 'x' })).text).toMatch(/only pending tasks/);
    expect((await h.fails('delete_task', { task_id: 'research' })).text).toMatch(/implement depends on it/);
    expect(JSON.parse((await h.ok('delete_task', { task_id: 'implement' })).text)).toEqual({ deleted: ['implement'] });
    // The same store, seen through the native tools of another connection.
    const native = await mcpHarness({ dir: h.dir });
    expect((await native.ok('orchestrator_query_tasks')).tasks.map((task: { id: string }) => task.id)).toEqual(['research']);
  });
});

describe('compat-task-coordinator', () => {
  test('keeps the original tool and argument names', async () => {
    const h = await mcpHarness({ toolsets: ['compat-task-coordinator'] });
    expect(await inputNames(h)).toEqual({
      claim_worker_slot: { args: [], required: [] },
      release_worker_slot: { args: ['slot'], required: ['slot'] },
      get_workers: { args: [], required: [] },
      add_task: { args: ['dependencies', 'description', 'id', 'output'], required: ['description', 'id'] },
      get_available_tasks: { args: [], required: [] },
      get_all_tasks: { args: [], required: [] },
      claim_task: { args: ['taskId', 'workerId', 'workerSlot'], required: ['taskId', 'workerId', 'workerSlot'] },
      update_task: { args: ['error', 'output', 'status', 'taskId', 'workerId'], required: ['status', 'taskId', 'workerId'] },
      reset_failed_task: { args: ['taskId'], required: ['taskId'] },
    });
  });

  test('the original workflow: slots, claims, updates and resets, safely', async () => {
    const h = await mcpHarness({ toolsets: ['compat-task-coordinator'], env: { ORCHESTRATOR_WORKER_SLOTS: '2' } });
    const slot1 = await h.ok('claim_worker_slot');
    expect(slot1).toMatchObject({ slot: 1, text: 'Successfully claimed worker slot 1' });
    const slot2 = await h.ok('claim_worker_slot');
    expect(slot2.slot).toBe(2);
    const full = await h.fails('claim_worker_slot');
    expect(full.code).toBe('CONFLICT');
    expect(full.hint).toMatch(/release_worker_slot/);

    await h.ok('add_task', { id: 'setup-project', description: 'Initialize Next.js project' });
    h.clock.advance(1000);
    await h.ok('add_task', {
      id: 'auth-ui',
      description: 'Create login pages',
      dependencies: ['setup-project'],
      output: 'pages/login.tsx',
    });
    expect(JSON.parse((await h.ok('get_available_tasks')).text).map((task: { id: string }) => task.id)).toEqual(['setup-project']);

    expect((await h.ok('claim_task', { taskId: 'setup-project', workerId: 'worker-1', workerSlot: 1 })).text).toBe(
      'Successfully claimed task setup-project for worker worker-1',
    );
    expect((await h.fails('claim_task', { taskId: 'setup-project', workerId: 'worker-2', workerSlot: 2 })).text).toMatch(/held by worker-1/);
    expect((await h.fails('claim_task', { taskId: 'auth-ui', workerId: 'worker-2', workerSlot: 2 })).text).toMatch(/blocked by setup-project/);
    expect((await h.fails('claim_task', { taskId: 'auth-ui', workerId: 'worker-2', workerSlot: 7 })).text).toMatch(/no worker slot 7/);
    const workers = JSON.parse((await h.ok('get_workers')).text);
    expect(workers).toEqual([
      { slot: 1, active: true, workerId: 'worker-1', taskId: 'setup-project' },
      { slot: 2, active: true, workerId: 'worker-2' },
    ]);

    expect((await h.fails('update_task', { taskId: 'setup-project', status: 'done', workerId: 'worker-2' })).code).toBe('FORBIDDEN');
    await h.ok('update_task', { taskId: 'setup-project', status: 'working', workerId: 'worker-1' });
    await h.ok('update_task', { taskId: 'setup-project', status: 'done', workerId: 'worker-1', output: 'Created with create-next-app' });
    await h.ok('claim_task', { taskId: 'auth-ui', workerId: 'worker-2', workerSlot: 2 });
    await h.ok('update_task', { taskId: 'auth-ui', status: 'failed', workerId: 'worker-2', error: 'build failed' });

    const all = JSON.parse((await h.ok('get_all_tasks')).text);
    expect(all).toEqual([
      expect.objectContaining({ id: 'setup-project', status: 'done', worker: 'worker-1', output: 'Created with create-next-app' }),
      expect.objectContaining({ id: 'auth-ui', status: 'failed', error: 'build failed', output: 'pages/login.tsx' }),
    ]);
    expect((await h.fails('reset_failed_task', { taskId: 'setup-project' })).text).toMatch(/is done, not failed/);
    expect((await h.ok('reset_failed_task', { taskId: 'auth-ui' })).text).toBe('Reset task auth-ui to available');
    expect(JSON.parse((await h.ok('get_available_tasks')).text).map((task: { id: string; status: string }) => [task.id, task.status])).toEqual([
      ['auth-ui', 'available'],
    ]);

    expect((await h.ok('release_worker_slot', { slot: 2 })).text).toBe('Released worker slot 2');
    expect((await h.ok('claim_worker_slot')).slot).toBe(2);
    expect((await h.call('release_worker_slot', { slot: 'two' })).isError).toBe(true);
  });
});

describe('failures of the tools without arguments', () => {
  test('a store that does not parse makes every reading tool fail with the way to restore it', async () => {
    const servers = await mcpHarness({ toolsets: ['compat-orchestrator-server', 'coordination'] });
    await servers.ok('create_task', { id: 'a', description: 'A' });
    const coordinator = await mcpHarness({ toolsets: ['compat-task-coordinator'], dir: servers.dir });
    const expected = await breakStore(servers.connection.service, servers.dataDir);
    for (const [h, name] of [
      [servers, 'get_task_status'],
      [servers, 'orchestrator_list_workers'],
      [coordinator, 'get_workers'],
      [coordinator, 'get_available_tasks'],
      [coordinator, 'get_all_tasks'],
      [coordinator, 'claim_worker_slot'],
    ] as const) {
      const failure = await h.fails(name);
      expect(failure.code, name).toBe(expected.code);
      expect(failure.text, name).toMatch(/Next: Restore a snapshot/);
    }
  });

  test('missing or duplicate arguments are refused', async () => {
    const h = await mcpHarness({ toolsets: ['compat-task-coordinator'] });
    await h.ok('add_task', { id: 'x', description: 'X' });
    expect((await h.fails('add_task', { id: 'x', description: 'again' })).code).toBe('CONFLICT');
    expect((await h.call('add_task', { id: 'y' })).isError).toBe(true);
    const other = await mcpHarness({ toolsets: ['compat-orchestrator-server'] });
    expect((await other.call('get_next_task', {})).isError).toBe(true);
  });
});
