import { describe, expect, test } from 'vitest';
import { testService } from '../helpers/service.js';
import { rejection } from '../helpers/errors.js';

const actor = 'mcp:test';

const threeSteps = {
  description: 'Build a scraper\nwith rate limiting',
  context: 'Python 3.12',
  subtasks: [
    { title: 'Testing', role: 'tester', dependencies: ['Core implementation'] },
    { title: 'Design', role: 'architect' },
    { title: 'Core implementation', role: 'implementer', dependencies: ['design'], estimatedEffort: '1h' },
  ],
};

describe('plans', () => {
  test('creates the plan and its subtasks, resolving dependencies by title, in dependency order', async () => {
    const { service } = testService();
    const { plan, subtasks } = await service.createPlan(threeSteps, actor);
    expect(plan).toMatchObject({ id: 't1', title: 'Build a scraper', status: 'pending', children: ['t2', 't3', 't4'] });
    expect(plan.metadata).toEqual({ plan: { context: 'Python 3.12' } });
    expect(subtasks.map((task) => task.title)).toEqual(['Design', 'Core implementation', 'Testing']);
    const byTitle = Object.fromEntries(subtasks.map((task) => [task.title, task]));
    expect(byTitle['Core implementation']).toMatchObject({ dependencies: [byTitle.Design!.id], parentId: 't1', estimatedEffort: '1h' });
    expect(byTitle.Testing!.dependencies).toEqual([byTitle['Core implementation']!.id]);
    expect(byTitle.Design!.ready).toBe(true);
  });

  test('dependencies may also name subtask ids and existing tasks', async () => {
    const { service } = testService();
    const existing = await service.create({ title: 'Earlier work' }, actor);
    const { subtasks } = await service.createPlan(
      {
        description: 'P',
        subtasks: [
          { id: 'a', title: 'A', dependencies: [existing.id] },
          { title: 'B', dependencies: ['a'] },
        ],
      },
      actor,
    );
    expect(subtasks.map((task) => [task.id, task.dependencies])).toEqual([
      ['a', [existing.id]],
      ['t3', ['a']],
    ]);
  });

  test('refuses unknown and ambiguous dependencies, cycles and duplicate ids without creating anything', async () => {
    const { service, store } = testService();
    const unknown = await rejection(service.createPlan({ description: 'P', subtasks: [{ title: 'A', dependencies: ['Nope'] }] }, actor));
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT' });
    expect(unknown.message).toMatch(/"A" depends on "Nope"/);
    expect(unknown.hint).toMatch(/"A"/);
    const ambiguous = await rejection(
      service.createPlan({ description: 'P', subtasks: [{ title: 'X' }, { title: 'x' }, { title: 'Y', dependencies: ['X'] }] }, actor),
    );
    expect(ambiguous.message).toMatch(/2 subtasks have that title/);
    const cycle = await rejection(
      service.createPlan(
        {
          description: 'P',
          subtasks: [
            { title: 'A', dependencies: ['B'] },
            { title: 'B', dependencies: ['A'] },
          ],
        },
        actor,
      ),
    );
    expect(cycle.code).toBe('CYCLE');
    expect(cycle.message).toMatch(/"A" → "B" → "A"|"B" → "A" → "B"/);
    expect((await rejection(service.createPlan({ description: 'P', subtasks: [{ title: 'A', dependencies: ['A'] }] }, actor))).code).toBe('CYCLE');
    expect(
      (
        await rejection(
          service.createPlan(
            {
              description: 'P',
              subtasks: [
                { id: 'a', title: 'A' },
                { id: 'a', title: 'B' },
              ],
            },
            actor,
          ),
        )
      ).code,
    ).toBe('INVALID_INPUT');
    expect((await rejection(service.createPlan({ description: 'P', subtasks: [] }, actor))).message).toMatch(/at least one subtask/);
    expect((await store.read()).tasks).toEqual({});
  });

  test('progress, recommendation, synthesis and stalled plans follow the subtasks', async () => {
    const { service } = testService();
    const { plan, subtasks } = await service.createPlan(threeSteps, actor);
    const [design, core, testing] = subtasks;
    expect(await service.planProgress(plan.id)).toMatchObject({ total: 3, percentComplete: 0, ready: [design!.id], done: false });
    expect((await service.recommend({ parentId: plan.id }))?.task.id).toBe(design!.id);

    await service.start(design!.id, { worker: 'w1' });
    await service.submit(design!.id, { worker: 'w1', summary: 'Two modules', filePaths: ['docs/design.md'] });
    expect(await service.planProgress(plan.id)).toMatchObject({ percentComplete: 33, ready: [core!.id] });

    await service.start(core!.id, { worker: 'w1' });
    await service.fail(core!.id, { worker: 'w1', error: 'no network' });
    const [active] = await service.activePlans();
    expect(active).toMatchObject({ planId: plan.id, stalled: expect.stringContaining(core!.id) });

    const synthesis = await service.synthesize(plan.id);
    expect(synthesis.complete).toBe(false);
    expect(synthesis.plan.context).toBe('Python 3.12');
    expect(synthesis.byRole.map((group) => group.role)).toEqual(['tester', 'architect', 'implementer']);
    expect(synthesis.byRole[1]!.tasks[0]).toMatchObject({ summary: 'Two modules', filePaths: ['docs/design.md'], nextAction: 'complete' });
    expect(synthesis.filePaths).toEqual(['docs/design.md']);
    expect(synthesis.incomplete.map((task) => [task.id, task.status])).toEqual([
      [testing!.id, 'pending'],
      [core!.id, 'failed'],
    ]);
    expect(synthesis.incomplete[0]!.blockedBy).toEqual([core!.id]);
    expect((await rejection(service.synthesize(design!.id))).code).toBe('INVALID_INPUT');
    expect((await rejection(service.synthesize('nope'))).code).toBe('NOT_FOUND');
  });
});

describe('submitting work', () => {
  test('needs_revision keeps the work and returns the task to pending; dependents stay blocked', async () => {
    const { service } = testService();
    const a = await service.create({ title: 'A' }, actor);
    const b = await service.create({ title: 'B', dependencies: [a.id] }, actor);
    await service.start(a.id, { worker: 'w1' });
    const artifact = { id: 'a1', path: `artifacts/${a.id}/a1.md`, type: 'code' };
    const revised = await service.submit(a.id, {
      worker: 'w1',
      summary: 'First pass',
      artifacts: [artifact],
      nextAction: 'needs_revision',
    });
    expect(revised).toMatchObject({ status: 'pending', assignee: null, lease: null, summary: 'First pass', ready: true });
    expect(revised.artifacts).toEqual([artifact]);
    expect(revised.metadata.nextAction).toBe('needs_revision');
    expect((await service.get(b.id)).task.ready).toBe(false);
    expect((await service.history({ taskId: a.id })).map((event) => event.op)).toEqual(['create', 'claim', 'revise']);
  });

  test('blocked fails the task with the summary; complete completes it; only the holder may submit', async () => {
    const { service } = testService();
    const a = await service.create({ title: 'A' }, actor);
    await service.start(a.id, { worker: 'w1' });
    expect((await rejection(service.submit(a.id, { worker: 'w2', summary: 'mine' }))).code).toBe('FORBIDDEN');
    const blocked = await service.submit(a.id, { worker: 'w1', summary: 'Needs an API key', nextAction: 'blocked' });
    expect(blocked).toMatchObject({ status: 'failed', error: 'Blocked: Needs an API key', metadata: { nextAction: 'blocked' } });
    await service.reset(a.id, { actor });
    await service.start(a.id, { worker: 'w1' });
    const done = await service.submit(a.id, { worker: 'w1', summary: 'Done', nextAction: 'continue' });
    expect(done).toMatchObject({ status: 'completed', summary: 'Done', metadata: { nextAction: 'continue' } });
  });
});

describe('workers and slots', () => {
  test('lists who holds what and when each was last seen', async () => {
    const { service, clock } = testService();
    const a = await service.create({ title: 'A' }, actor);
    await service.next({ worker: 'w1', roles: ['implementer'] });
    clock.advance(60_000);
    await service.next({ worker: 'w2' });
    const { workers, slots } = await service.workers();
    expect(workers.map((worker) => [worker.id, worker.holding.map((task) => task.id), worker.idleSeconds])).toEqual([
      ['w2', [], 0],
      ['w1', [a.id], 60],
    ]);
    expect(workers[1]!.roles).toEqual(['implementer']);
    expect(slots).toEqual({ limit: 5, used: 0, free: 5 });
  });

  test('slots are handed out up to the limit, bound on claim, released, and freed when their worker went stale', async () => {
    const { service, clock } = testService({ workerSlots: 2, leaseSeconds: 60 });
    expect(await service.claimSlot(undefined, actor)).toEqual({ slot: 1, worker: 'worker-1' });
    expect(await service.claimSlot('alice', actor)).toEqual({ slot: 2, worker: 'alice' });
    expect(await service.claimSlot('alice', actor)).toEqual({ slot: 2, worker: 'alice' });
    expect((await rejection(service.claimSlot(undefined, actor))).code).toBe('CONFLICT');

    const task = await service.create({ id: 'job', title: 'Job' }, actor);
    const claimed = await service.startInSlot(task.id, { worker: 'bob', slot: 1 });
    expect(claimed.assignee).toBe('bob');
    const { workers } = await service.workers();
    expect(workers.find((worker) => worker.id === 'bob')?.slot).toBe(1);
    expect(workers.find((worker) => worker.id === 'worker-1')?.slot).toBeNull();
    // bob works on a task: his slot cannot be taken over.
    const other = await service.create({ title: 'Other' }, actor);
    expect((await rejection(service.startInSlot(other.id, { worker: 'carol', slot: 1 }))).code).toBe('CONFLICT');
    expect((await rejection(service.startInSlot(other.id, { worker: 'carol', slot: 9 }))).code).toBe('INVALID_INPUT');

    expect(await service.releaseSlot(2, actor)).toEqual({ released: true, worker: 'alice' });
    expect(await service.releaseSlot(2, actor)).toEqual({ released: false, worker: null });
    expect((await service.claimSlot(undefined, actor)).slot).toBe(2);

    // Both slots are held; once bob's lease runs out and he is not seen, his slot is free again.
    clock.advance(120_000);
    expect(await service.claimSlot('dave', actor)).toEqual({ slot: 1, worker: 'dave' });
  });

  test('no limit when the setting is 0', async () => {
    const { service } = testService({ workerSlots: 0 });
    const slots = [];
    for (let i = 0; i < 7; i++) slots.push((await service.claimSlot(`w${i}`, actor)).slot);
    expect(slots).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await service.workers()).slots).toEqual({ limit: 0, used: 7, free: null });
  });
});

describe('sessions', () => {
  test('are recorded and refreshed without events', async () => {
    const { service, store, clock } = testService();
    const first = await service.recordSession({ id: 's1', dataDir: '/d', workingDirectory: '/p', client: 'test' }, actor);
    clock.advance(1000);
    const again = await service.recordSession({ id: 's1', dataDir: '/d', workingDirectory: '/p', client: 'test' }, actor);
    expect(again.startedAt).toBe(first.startedAt);
    expect(again.lastSeen).not.toBe(first.lastSeen);
    expect(Object.keys((await store.read()).sessions)).toEqual(['s1']);
    expect(await service.history()).toEqual([]);
  });
});
