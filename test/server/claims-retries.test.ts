import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { artifactIds } from '../helpers/backend.js';
import { holdLock } from '../helpers/lock-holder.js';
import { mcpHarness, textOf } from '../helpers/mcp.js';

const plan = {
  description: 'Ship it',
  subtasks: [
    { title: 'Build', description: 'b', specialist_type: 'implementer' },
    { title: 'Check', description: 'c', specialist_type: 'tester', dependencies: ['Build'] },
  ],
};

describe('claims that survive reconnects', () => {
  test('a new connection completes the task by its claim token; a superseded token is refused with who holds it now', async () => {
    const first = await mcpHarness({ toolsets: ['default'] });
    await first.ok('orchestrator_plan_task', plan);
    const claimed = await first.ok('orchestrator_get_next_task', { plan_id: 't1' });
    expect(claimed.claimToken).toMatch(/^t2:1:[0-9a-z]+$/);
    expect(claimed.text).toContain(`claim_token "${claimed.claimToken}" (it works from any connection)`);
    await first.client.close();

    // Another process: a new connection, a new default worker id, nothing remembered.
    const second = await mcpHarness({ toolsets: ['default'], dir: first.dir });
    const plain = await second.fails('orchestrator_complete_subtask', { task_id: 't2', summary: 's', detailed_work: 'w' });
    expect(plain.code).toBe('FORBIDDEN');
    expect((await second.ok('orchestrator_heartbeat', { task_id: 't2', claim_token: claimed.claimToken })).claimToken).toBe(claimed.claimToken);
    const done = await second.ok('orchestrator_complete_subtask', {
      task_id: 't2',
      claim_token: claimed.claimToken,
      summary: 's',
      detailed_work: 'w',
    });
    expect(done.task).toMatchObject({ status: 'completed', assignee: claimed.workerId });

    const next = await second.ok('orchestrator_get_next_task', { worker_id: 'slow', lease_seconds: 60 });
    second.clock.advance(61_000);
    const fast = await mcpHarness({ toolsets: ['default'], dir: first.dir, shared: second.shared });
    const taken = await fast.ok('orchestrator_get_next_task', { worker_id: 'fast' });
    expect(taken.task.id).toBe(next.task.id);
    const refused = await second.fails('orchestrator_fail_task', { task_id: next.task.id, claim_token: next.claimToken, error: 'gave up' });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.text).toMatch(
      /is over: the task was re-queued and is held by fast now \(attempt 2, lease until .*\)\.\nNext: Leave it to its holder/,
    );
  });
});

describe('calls that survive retries', () => {
  test('a retried request_id returns the first answer and applies nothing twice', async () => {
    const h = await mcpHarness({ toolsets: ['default'] });
    const planned = await h.ok('orchestrator_plan_task', { ...plan, request_id: 'plan-1' });
    const again = await h.ok('orchestrator_plan_task', { ...plan, request_id: 'plan-1' });
    expect(again.planId).toBe(planned.planId);
    expect((await h.ok('orchestrator_query_tasks')).total).toBe(3);

    const claim = await h.ok('orchestrator_get_next_task', { request_id: 'next-1' });
    expect((await h.ok('orchestrator_get_next_task', { request_id: 'next-1' })).task.id).toBe(claim.task.id);
    const args = { task_id: claim.task.id, summary: 'done', detailed_work: 'the work', request_id: 'complete-1' };
    const completed = await h.ok('orchestrator_complete_subtask', args);
    const retried = await h.ok('orchestrator_complete_subtask', args);
    expect(retried.artifact).toEqual(completed.artifact);
    expect(retried.task).toEqual(completed.task);
    // One artifact, one completion in the history.
    expect(await artifactIds(h.connection.service, claim.task.id)).toHaveLength(1);
    const events = await h.connection.service.store.readEvents();
    expect(events.filter((event) => event.op === 'complete' && event.taskId === claim.task.id)).toHaveLength(1);
    const misuse = await h.fails('orchestrator_fail_task', { task_id: claim.task.id, error: 'x', request_id: 'complete-1' });
    expect(misuse).toMatchObject({ code: 'INVALID_INPUT' });
    expect(misuse.text).toMatch(/already used for another call \(submit/);
  });
});

describe('cancellation and progress while waiting for the store lock', () => {
  test('progress notifications come while the lock is held elsewhere; a claim cancelled before it gets the lock commits nothing', async () => {
    // The file store's lock, held by another process.
    const h = await mcpHarness({ toolsets: ['default'], env: { ORCHESTRATOR_STORE: '' } });
    await h.ok('orchestrator_plan_task', plan);
    const holder = await holdLock(path.join(h.dataDir, 'store.json'));
    const progress: Array<{ progress: number; message?: string }> = [];
    const controller = new AbortController();
    const claim = h.client.callTool(
      { name: 'orchestrator_get_next_task', arguments: { worker_id: 'w' } },
      { signal: controller.signal, onprogress: (update) => progress.push(update), timeout: 30_000 },
    );
    const deadline = Date.now() + 10_000;
    while (progress.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[1]!.progress).toBeGreaterThan(progress[0]!.progress);
    expect(progress[0]!.message).toMatch(new RegExp(`^Waiting for the store lock \\(held by process ${holder.pid}\\): \\d+\\.\\d s$`));
    controller.abort();
    await expect(claim).rejects.toThrow();
    await holder.kill();
    // The server's call runs on until it gets the lock (the dead holder's lock is taken over), then refuses.
    const refusedAt = Date.now() + 15_000;
    while (!/tool refused name=orchestrator_get_next_task code=CANCELLED/.test(h.logs.join('')) && Date.now() < refusedAt)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.logs.join('')).toMatch(/tool refused name=orchestrator_get_next_task code=CANCELLED/);
    const status = await h.ok('orchestrator_query_tasks', { status: 'in_progress' });
    expect(status.total).toBe(0);
    expect(h.logs.join('')).not.toMatch(/internal error/);
  }, 30_000);
});

describe('destructive calls ask the person when the client can', () => {
  async function withDependents(options: Parameters<typeof mcpHarness>[0] = {}) {
    const h = await mcpHarness(options);
    await h.ok('orchestrator_create_generic_task', { title: 'Base', task_id: 'base' });
    await h.ok('orchestrator_create_generic_task', { title: 'On top', task_id: 'top', dependencies: ['base'] });
    return h;
  }

  test('with elicitation: the question instead of force; yes deletes, no changes nothing', async () => {
    const answers: Array<'accept' | 'decline'> = ['decline', 'accept'];
    const asked: string[] = [];
    const h = await withDependents({
      capabilities: { elicitation: {} },
      setup: (client) =>
        client.setRequestHandler('elicitation/create', (request) => {
          asked.push(String(request.params.message));
          const action = answers.shift()!;
          return action === 'accept' ? { action, content: { confirm: true } } : { action };
        }),
    });
    const declined = await h.fails('orchestrator_delete_task', { task_id: 'base' });
    expect(declined).toMatchObject({ code: 'CANCELLED' });
    expect(asked[0]).toMatch(/^Task "base" was not deleted: top depends on it\. Do it anyway\?/);
    expect((await h.ok('orchestrator_query_tasks')).total).toBe(2);
    // force alone does not skip the question.
    const deleted = await h.ok('orchestrator_delete_task', { task_id: 'base', force: true });
    expect(deleted.deleted).toEqual(['base']);
    expect(asked).toHaveLength(2);
    // What needs no force is not asked about.
    await h.ok('orchestrator_delete_task', { task_id: 'top' });
    expect(asked).toHaveLength(2);
  });

  test('without elicitation: force decides', async () => {
    const h = await withDependents();
    const refused = await h.fails('orchestrator_cancel_task', { task_id: 'base' });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.text).toMatch(/or pass force: true to cancel it anyway/);
    expect((await h.ok('orchestrator_cancel_task', { task_id: 'base', force: true })).tasks.map((task: { id: string }) => task.id)).toEqual(['base']);
    expect(textOf(await h.call('orchestrator_reset_task', { task_id: 'base' }))).toMatch(/back to pending/);
  });
});
