import { describe, expect, test } from 'vitest';
import { testService } from '../helpers/service.js';
import { rejection } from '../helpers/errors.js';

const actor = 'cli:test';

describe('creating tasks', () => {
  test('generates short ids and fills defaults', async () => {
    const { service } = testService();
    const a = await service.create({ title: 'First' }, actor);
    const b = await service.create({ title: 'Second', dependencies: [a.id], priority: 'high', tags: ['x'] }, actor);
    expect([a.id, b.id]).toEqual(['t1', 't2']);
    expect(a).toMatchObject({ status: 'pending', priority: 'normal', ready: true, attempts: 0, maxAttempts: 3 });
    expect(b).toMatchObject({ ready: false, blockedBy: ['t1'], tags: ['x'] });
  });

  test('skips generated ids a caller already took', async () => {
    const { service } = testService();
    await service.create({ id: 't1', title: 'Mine' }, actor);
    expect((await service.create({ title: 'Generated' }, actor)).id).toBe('t2');
  });

  test('refuses unknown dependencies, duplicate ids, bad ids and missing titles without writing', async () => {
    const { service, store } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    const revision = (await store.read()).revision;
    expect((await rejection(service.create({ title: 'B', dependencies: ['nope'] }, actor))).message).toMatch(/unknown task nope/);
    expect((await rejection(service.create({ id: 'a', title: 'again' }, actor))).code).toBe('CONFLICT');
    expect((await rejection(service.create({ id: '../x', title: 'bad' }, actor))).code).toBe('INVALID_INPUT');
    expect((await rejection(service.create({ id: '..', title: 'bad' }, actor))).code).toBe('INVALID_INPUT');
    expect((await rejection(service.create({ title: '  ' }, actor))).message).toMatch(/title/);
    expect((await rejection(service.create({ title: 'x', priority: 'asap' as never }, actor))).message).toMatch(/priority/);
    expect((await store.read()).revision).toBe(revision);
  });

  test('a batch is created whole or not at all, and may refer to itself', async () => {
    const { service, store } = testService();
    const created = await service.createMany(
      [
        { id: 'd', title: 'D', dependencies: ['b', 'c'] },
        { id: 'b', title: 'B', dependencies: ['a'] },
        { id: 'c', title: 'C', dependencies: ['a'] },
        { id: 'a', title: 'A' },
      ],
      actor,
    );
    expect(created.map((task) => task.id)).toEqual(['a', 'b', 'c', 'd']);
    const error = await rejection(
      service.createMany(
        [
          { id: 'x', title: 'X', dependencies: ['y'] },
          { id: 'y', title: 'Y', dependencies: ['x'] },
        ],
        actor,
      ),
    );
    expect(error.code).toBe('CYCLE');
    expect(error.message).toContain('x → y → x');
    expect(Object.keys((await store.read()).tasks)).toEqual(['d', 'b', 'c', 'a']);
  });
});

describe('dependencies', () => {
  test('a diamond is valid and a cycle through an update is refused, naming the cycle', async () => {
    const { service } = testService();
    await service.create({ id: 'A', title: 'A' }, actor);
    await service.create({ id: 'B', title: 'B', dependencies: ['A'] }, actor);
    await service.create({ id: 'C', title: 'C', dependencies: ['A'] }, actor);
    await service.create({ id: 'D', title: 'D', dependencies: ['B', 'C'] }, actor);
    const error = await rejection(service.update('A', { addDependencies: ['D'] }, actor));
    expect(error.code).toBe('CYCLE');
    expect(error.message).toMatch(/A → D → B → A/);
    expect((await service.get('A')).task.dependencies).toEqual([]);
  });

  test('ready and blocked are derived from dependency status', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    expect((await service.list({ ready: true })).tasks.map((task) => task.id)).toEqual(['a']);
    await service.complete('a', { worker: 'w1' });
    const b = (await service.get('b')).task;
    expect(b.ready).toBe(true);
    expect(b.blockedBy).toEqual([]);
  });
});

describe('next-task selection', () => {
  test('orders by priority, then by how many tasks each unblocks, then by age', async () => {
    const { service, clock } = testService();
    const add = async (id: string, extra: object = {}) => {
      clock.advance(1000);
      await service.create({ id, title: id, ...extra }, actor);
    };
    await add('old-low', { priority: 'low' });
    await add('old');
    await add('young');
    await add('hub');
    await add('w1', { dependencies: ['hub'] });
    await add('w2', { dependencies: ['hub'] });
    await add('urgent', { priority: 'urgent' });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const task = await service.next({ worker: 'w' });
      order.push(task!.id);
    }
    expect(order).toEqual(['urgent', 'hub', 'old', 'young', 'old-low']);
  });

  test('filters by role; tasks without a role suit everyone', async () => {
    const { service } = testService();
    await service.create({ id: 'impl', title: 'x', role: 'implementer' }, actor);
    await service.create({ id: 'doc', title: 'y', role: 'documenter' }, actor);
    await service.create({ id: 'any', title: 'z' }, actor);
    const picked = [await service.next({ worker: 'd', roles: ['documenter'] }), await service.next({ worker: 'd', roles: ['documenter'] })];
    expect(picked.map((task) => task?.id).sort()).toEqual(['any', 'doc']);
    expect(await service.next({ worker: 'd', roles: ['documenter'] })).toBeNull();
  });

  test('a role is the same role whatever its capitals or surrounding spaces, in every input', async () => {
    const { service } = testService();
    expect((await service.create({ id: 'a', title: 'A', role: ' Tester ' }, actor)).role).toBe('tester');
    expect((await service.update('a', { role: 'TESTER' }, actor)).role).toBe('tester');
    await service.create({ id: 'b', title: 'B', role: 'implementer' }, actor);
    expect((await service.list({ role: 'Tester' })).tasks.map((task) => task.id)).toEqual(['a']);
    expect((await service.next({ worker: 'w', roles: ['Tester'] }))?.id).toBe('a');
    expect((await rejection(service.list({ role: 'Test er' }))).code).toBe('INVALID_INPUT');
  });

  test('never hands out a plan, only its subtasks', async () => {
    const { service } = testService();
    await service.create({ id: 'plan', title: 'Plan' }, actor);
    await service.create({ id: 's1', title: 'S1', parentId: 'plan' }, actor);
    expect((await service.next({ worker: 'w' }))?.id).toBe('s1');
    expect(await service.next({ worker: 'w' })).toBeNull();
    expect((await rejection(service.start('plan', { worker: 'w' }))).message).toMatch(/is a plan/);
  });
});

describe('claims, leases and attempts', () => {
  test('only the assignee completes or fails an in-progress task, unless forced', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'alice' });
    const refused = await rejection(service.complete('a', { worker: 'bob', result: 'mine' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/held by alice/);
    expect((await rejection(service.fail('a', { worker: 'bob', error: 'x' }))).code).toBe('FORBIDDEN');
    const done = await service.complete('a', { worker: 'bob', result: 'taken over', force: true });
    expect(done).toMatchObject({ status: 'completed', result: 'taken over', assignee: 'bob', lease: null });
  });

  test('a claimed task cannot be claimed by another worker', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'alice' });
    expect((await rejection(service.start('a', { worker: 'bob' }))).code).toBe('CONFLICT');
    expect(await service.next({ worker: 'bob' })).toBeNull();
    // Claiming again as the holder renews the lease.
    expect((await service.start('a', { worker: 'alice' })).assignee).toBe('alice');
  });

  test('an expired lease returns the task to pending, then fails it after the last attempt', async () => {
    const { service, clock } = testService({ leaseSeconds: 60, maxAttempts: 2 });
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'crashed' });
    clock.advance(61_000);
    expect((await service.get('a')).task.leaseExpired).toBe(true);
    const reclaimed = await service.next({ worker: 'second' });
    expect(reclaimed).toMatchObject({ id: 'a', assignee: 'second', attempts: 1 });
    expect((await rejection(service.complete('a', { worker: 'crashed' }))).code).toBe('FORBIDDEN');
    clock.advance(61_000);
    await service.expireLeases('maintenance');
    const failed = (await service.get('a')).task;
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed.error).toMatch(/expired 2 times/);
  });

  test('a heartbeat extends the lease of its holder only', async () => {
    const { service, clock } = testService({ leaseSeconds: 60 });
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'w' });
    clock.advance(50_000);
    await service.heartbeat('a', { worker: 'w' });
    clock.advance(50_000);
    expect(await service.next({ worker: 'other' })).toBeNull();
    expect((await rejection(service.heartbeat('a', { worker: 'other' }))).code).toBe('CONFLICT');
  });

  test('reset returns a failed task to pending with fresh attempts and refuses a live claim', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'w' });
    expect((await rejection(service.reset('a', { actor }))).code).toBe('CONFLICT');
    await service.fail('a', { worker: 'w', error: 'boom' });
    expect((await service.get('a')).task).toMatchObject({ status: 'failed', error: 'boom', attempts: 1 });
    expect(await service.reset('a', { actor })).toMatchObject({ status: 'pending', error: null, attempts: 0, assignee: null });
  });
});

describe('cancel and delete', () => {
  test('refuse while other tasks depend on the task, and say which', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    await service.create({ id: 'c', title: 'C', dependencies: ['a'] }, actor);
    const cancel = await rejection(service.cancel('a', { actor }));
    expect(cancel.message).toMatch(/b, c depend on it/);
    const remove = await rejection(service.delete('a', { actor }));
    expect(remove.message).toMatch(/b, c depend on it/);
    expect((await service.get('a')).task.status).toBe('pending');
  });

  test('forced delete also drops the dependency so nothing dangles', async () => {
    const { service, store } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    await service.delete('a', { actor, force: true });
    const doc = await store.read();
    expect(doc.tasks.a).toBeUndefined();
    expect(doc.tasks.b?.dependencies).toEqual([]);
  });

  test('cancelling a plan cancels its unfinished subtasks and records the reason', async () => {
    const { service } = testService();
    await service.create({ id: 'p', title: 'Plan' }, actor);
    await service.create({ id: 's1', title: 'S1', parentId: 'p' }, actor);
    await service.create({ id: 's2', title: 'S2', parentId: 'p' }, actor);
    await service.complete('s1', { worker: 'w' });
    const cancelled = await service.cancel('p', { actor, reason: 'scope changed' });
    expect(cancelled.map((task) => task.id)).toEqual(['p', 's2']);
    expect((await service.get('s1')).task.status).toBe('completed');
    expect((await service.get('s2')).task.cancelReason).toBe('scope changed');
  });
});

describe('plans', () => {
  test('a plan derives its status from its subtasks', async () => {
    const { service } = testService();
    await service.create({ id: 'p', title: 'Plan' }, actor);
    await service.createMany(
      [
        { id: 'a', title: 'A', parentId: 'p' },
        { id: 'b', title: 'B', parentId: 'p', dependencies: ['a'] },
      ],
      actor,
    );
    expect((await service.get('p')).task.status).toBe('pending');
    await service.start('a', { worker: 'w' });
    expect((await service.get('p')).task.status).toBe('in_progress');
    await service.complete('a', { worker: 'w', summary: 'done A' });
    await service.complete('b', { worker: 'w' });
    const plan = (await service.get('p')).task;
    expect(plan.status).toBe('completed');
    expect(plan.completedAt).not.toBeNull();
    expect(plan.children).toEqual(['a', 'b']);
  });
});

describe('history', () => {
  test('records one event per change with actor and status transition', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'w' });
    await service.complete('a', { worker: 'w' });
    const events = await service.history({ taskId: 'a' });
    expect(events.map((event) => [event.op, event.actor, event.from ?? null, event.to])).toEqual([
      ['create', actor, null, 'pending'],
      ['claim', 'w', 'pending', 'in_progress'],
      ['complete', 'w', 'in_progress', 'completed'],
    ]);
    expect(events.map((event) => event.rev)).toEqual([1, 2, 3]);
  });
});

describe('queries', () => {
  test('every filter narrows the list and counts cover the whole store', async () => {
    const { service, clock } = testService();
    await service.create({ id: 'a', title: 'Parse config', role: 'implementer', tags: ['cli'] }, actor);
    clock.advance(60_000);
    await service.create({ id: 'b', title: 'Write docs', role: 'documenter', tags: ['docs'], description: 'about PARSING' }, actor);
    await service.create({ id: 'c', title: 'Child', parentId: 'a' }, actor);
    await service.start('c', { worker: 'w' });
    const ids = async (filter: object) => (await service.list(filter)).tasks.map((task) => task.id);
    expect(await ids({ role: 'documenter' })).toEqual(['b']);
    expect(await ids({ tags: ['cli'] })).toEqual(['a']);
    expect(await ids({ search: 'pars' })).toEqual(['a', 'b']);
    expect(await ids({ parentId: 'a' })).toEqual(['c']);
    expect(await ids({ status: ['in_progress'] })).toEqual(['a', 'c']);
    expect(await ids({ assignee: 'w' })).toEqual(['c']);
    expect(await ids({ createdAfter: '2026-01-01T00:00:30.000Z' })).toEqual(['b', 'c']);
    const page = await service.list({ limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, offset: 1 });
    expect(page.tasks.map((task) => task.id)).toEqual(['b']);
    expect((await service.list({ role: 'documenter' })).counts).toEqual({ pending: 1, in_progress: 2, completed: 0, failed: 0, cancelled: 0 });
  });
});

describe('workers', () => {
  test('an idle poll for work does not rewrite the store, but a worker is recorded when first seen', async () => {
    const { service, store, clock } = testService();
    expect(await service.next({ worker: 'w', roles: ['tester'] })).toBeNull();
    const first = (await store.read()).revision;
    expect((await store.read()).workers.w).toMatchObject({ roles: ['tester'] });
    expect(await service.next({ worker: 'w', roles: ['tester'] })).toBeNull();
    expect((await store.read()).revision).toBe(first);
    clock.advance(31_000);
    await service.next({ worker: 'w', roles: ['tester'] });
    expect((await store.read()).revision).toBe(first + 1);
  });
});
