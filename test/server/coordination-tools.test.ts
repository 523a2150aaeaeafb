import { describe, expect, test } from 'vitest';
import { breakStore } from '../helpers/backend.js';
import { mcpHarness } from '../helpers/mcp.js';

describe('coordination tools', () => {
  test('get_next_task claims the best ready task with its context, filters by roles and plan, and reports when nothing is ready', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'Low', priority: 'low', specialist_type: 'tester' });
    await h.ok('orchestrator_create_generic_task', { title: 'Urgent', priority: 'urgent', specialist_type: 'implementer' });
    await h.ok('orchestrator_create_generic_task', { title: 'After urgent', dependencies: ['t2'] });

    const tester = await h.ok('orchestrator_get_next_task', { worker_id: 'w-test', roles: ['tester'] });
    expect(tester.task).toMatchObject({ id: 't1', status: 'in_progress', assignee: 'w-test' });
    expect(tester.context.role.name).toBe('tester');
    expect(tester.text).toMatch(/^# Specialist: tester/);

    const best = await h.ok('orchestrator_get_next_task', { worker_id: 'w1', lease_seconds: 60 });
    expect(best.task.id).toBe('t2');
    expect(best.leaseExpiresAt).toBe('2026-01-01T00:01:00.000Z');

    const none = await h.ok('orchestrator_get_next_task', { worker_id: 'w2' });
    expect(none.task).toBeNull();
    expect(none.text).toMatch(/Nothing is ready for w2: 1 pending .*, 2 in progress/);

    await h.ok('orchestrator_plan_task', {
      description: 'P',
      subtasks: [{ title: 'In plan', description: 'x', specialist_type: 'reviewer' }],
    });
    await h.ok('orchestrator_create_generic_task', { title: 'Outside', priority: 'urgent' });
    const inPlan = await h.ok('orchestrator_get_next_task', { worker_id: 'w3', plan_id: 't4' });
    expect(inPlan.task.title).toBe('In plan');
    // A task without a role is worked as the fallback role, and says so.
    const outside = await h.ok('orchestrator_get_next_task', { worker_id: 'w3' });
    expect(outside.context.roleNote).toMatch(/no specialist role; working as implementer/);
    // Without a worker id, the connection's own works: nothing is left for it here.
    expect((await h.ok('orchestrator_get_next_task', {})).task).toBeNull();
    expect((await h.call('orchestrator_get_next_task', { worker_id: 'has space' })).isError).toBe(true);
  });

  test("heartbeat extends the holder's lease only", async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    await h.ok('orchestrator_get_next_task', { worker_id: 'w1', lease_seconds: 60 });
    h.clock.advance(30_000);
    const beat = await h.ok('orchestrator_heartbeat', { task_id: 't1', worker_id: 'w1', lease_seconds: 120 });
    expect(beat.leaseExpiresAt).toBe('2026-01-01T00:02:30.000Z');
    const other = await h.fails('orchestrator_heartbeat', { task_id: 't1', worker_id: 'w2' });
    expect(other).toMatchObject({ code: 'CONFLICT' });
    expect(other.text).toMatch(/w2 does not hold task "t1"/);
  });

  test('fail, then reset; reset refuses a pending task and a live claim without force', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    await h.ok('orchestrator_create_generic_task', { title: 'B' });
    await h.ok('orchestrator_get_next_task', { worker_id: 'w1' });
    expect((await h.fails('orchestrator_fail_task', { task_id: 't1', worker_id: 'w2', error: 'x' })).code).toBe('FORBIDDEN');
    const failed = await h.ok('orchestrator_fail_task', { task_id: 't1', worker_id: 'w1', error: 'network down' });
    expect(failed.task).toMatchObject({ status: 'failed', error: 'network down', attempts: 1 });
    expect(failed.text).toMatch(/attempt 1 of 3/);
    const reset = await h.ok('orchestrator_reset_task', { task_id: 't1' });
    expect(reset.task).toMatchObject({ status: 'pending', attempts: 0, error: null });
    expect((await h.fails('orchestrator_reset_task', { task_id: 't1' })).text).toMatch(/already pending/);
    await h.ok('orchestrator_get_next_task', { worker_id: 'w1' });
    const live = await h.fails('orchestrator_reset_task', { task_id: 't1' });
    expect(live.hint).toMatch(/Pass force: true to take the task back/);
    expect((await h.ok('orchestrator_reset_task', { task_id: 't1', force: true })).task.status).toBe('pending');
  });

  test('list_workers shows who holds what, when each was last seen, and the slots', async () => {
    const h = await mcpHarness({ env: { ORCHESTRATOR_WORKER_SLOTS: '3' } });
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    await h.ok('orchestrator_get_next_task', { worker_id: 'w1', roles: ['tester'] });
    h.clock.advance(5_000);
    await h.ok('orchestrator_get_next_task', { worker_id: 'w2' });
    const listing = await h.ok('orchestrator_list_workers');
    expect(listing.workers).toEqual([
      expect.objectContaining({ id: 'w2', holding: [], idleSeconds: 0 }),
      expect.objectContaining({
        id: 'w1',
        roles: ['tester'],
        holding: [expect.objectContaining({ id: 't1', leaseExpired: false })],
        idleSeconds: 5,
      }),
    ]);
    expect(listing.slots).toEqual({ limit: 3, used: 0, free: 3 });
    expect(listing.text).toMatch(/^2 workers; 0 of 3 slots in use\.\n- w2: holds nothing, last seen 0 s ago\n- w1: holds t1/);
  });

  test('a store that does not parse is reported as an error with the way out, and the server keeps serving', async () => {
    const h = await mcpHarness();
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    const expected = await breakStore(h.connection.service, h.dataDir);
    const broken = await h.fails('orchestrator_get_next_task', { worker_id: 'w1' });
    expect(broken.code).toBe(expected.code);
    expect(broken.text).toMatch(expected.message);
    expect(broken.text).toMatch(/\nNext: Restore a snapshot/);
    const health = await h.ok('orchestrator_health_check');
    expect(health.status).toBe('error');
  });
});
