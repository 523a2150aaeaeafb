import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { onPostgres } from '../helpers/backend.js';
import { mcpHarness } from '../helpers/mcp.js';

/** A plan of two chained subtasks whose first one was claimed with a 60 s lease, two minutes ago. */
async function planWithExpiredLease() {
  const h = await mcpHarness();
  await h.ok('orchestrator_plan_task', {
    description: 'P',
    subtasks: [
      { title: 'A', description: 'a', specialist_type: 'tester' },
      { title: 'B', description: 'b', specialist_type: 'tester', dependencies: ['A'] },
    ],
  });
  await h.ok('orchestrator_get_next_task', { worker_id: 'w1', lease_seconds: 60 });
  h.clock.advance(120_000);
  return h;
}

describe('orchestrator_maintenance_coordinator', () => {
  test('validate_structure reports expired leases and stalled plans without changing anything', async () => {
    const h = await planWithExpiredLease();
    const report = await h.ok('orchestrator_maintenance_coordinator', { action: 'validate_structure' });
    expect(report.found).toEqual([expect.objectContaining({ kind: 'expired-lease', taskIds: ['t2'], safeFix: true })]);
    expect(report.fixed).toEqual([]);
    expect(report.ok).toBe(false);
    expect((await h.connection.service.get('t2')).task.status).toBe('in_progress');

    const dry = await h.ok('orchestrator_maintenance_coordinator', { action: 'scan_cleanup', dry_run: true });
    expect(dry.fixed).toEqual([]);
    expect(dry.text).toMatch(/Dry run: 1 problem would be fixed/);
    expect((await h.connection.service.get('t2')).task.status).toBe('in_progress');
  });

  test('scan_cleanup returns expired leases to the pool and reports stalled plans', async () => {
    const h = await planWithExpiredLease();
    const cleaned = await h.ok('orchestrator_maintenance_coordinator', { action: 'scan_cleanup' });
    expect(cleaned.fixed).toEqual(['t2: expired lease returned (pending again)']);
    expect(cleaned.remaining).toEqual([]);
    expect(cleaned.ok).toBe(true);
    expect((await h.connection.service.get('t2')).task).toMatchObject({ status: 'pending', attempts: 1 });

    await h.ok('orchestrator_get_next_task', { worker_id: 'w1' });
    await h.ok('orchestrator_fail_task', { task_id: 't2', worker_id: 'w1', error: 'broken' });
    const stalled = await h.ok('orchestrator_maintenance_coordinator', { action: 'scan_cleanup' });
    expect(stalled.stalledPlans).toEqual([{ planId: 't1', title: 'P', reason: expect.stringContaining('t2 failed') }]);
    expect(stalled.text).toMatch(/Stalled plans:\n- t1 "P": nothing can move/);
    expect((await h.call('orchestrator_maintenance_coordinator', { action: 'prepare_handover' })).isError).toBe(true);
  });
});

describe('orchestrator_health_check', () => {
  test('reports the version, the data directory, the store, the lock and role problems', async () => {
    const h = await mcpHarness();
    const empty = await h.ok('orchestrator_health_check');
    expect(empty).toMatchObject({
      status: 'ok',
      version: '0.0.0-test',
      dataDir: h.dataDir,
      store: { exists: false, tasks: 0 },
      lock: { held: false },
    });
    await h.ok('orchestrator_create_generic_task', { title: 'A' });
    const after = await h.ok('orchestrator_health_check');
    expect(after.store).toMatchObject({ exists: true, tasks: 1, revision: 1, schemaVersion: 3 });
    expect(after.checks.map((check: { name: string }) => check.name)).toEqual(['store', 'lock', 'roles']);
    const lockCheck = after.checks.find((check: { name: string }) => check.name === 'lock');
    expect(lockCheck.message).toBe(onPostgres ? "the database's own row locks (no lock file)" : 'not locked');
    expect(after.text).toMatch(/^Health: ok \(orchestrator 0\.0\.0-test/);
  });

  test('a role file the catalog cannot use does not take the server down', async () => {
    const h = await mcpHarness();
    mkdirSync(path.join(h.dataDir, 'roles'), { recursive: true });
    writeFileSync(path.join(h.dataDir, 'roles', 'broken.yaml'), 'this: [is: not valid');
    const health = await h.ok('orchestrator_health_check');
    expect(health.roles.count).toBeGreaterThanOrEqual(8);
    expect(['ok', 'degraded']).toContain(health.status);
  });
});
