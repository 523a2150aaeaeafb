import { describe, expect, test } from 'vitest';
import { bestReady, blockedBy, compareIds, matchesRoles, TaskIndex, type StoreDocument } from '../../src/core/index.js';
import { effectivePriorityRank } from '../../src/core/priority.js';
import { PRIORITIES } from '../../src/core/schemas.js';
import { testService } from '../helpers/service.js';

/** The hand-out order by the rule itself, from a walk over every task: what the index must agree with. */
function expectedOrder(doc: StoreDocument): string[] {
  const tasks = Object.values(doc.tasks);
  const plans = new Set(tasks.map((task) => task.parentId).filter(Boolean));
  const waiting = (id: string) =>
    tasks.filter((task) => (task.status === 'pending' || task.status === 'in_progress') && task.dependencies.includes(id)).length;
  return tasks
    .filter((task) => task.status === 'pending' && !plans.has(task.id) && blockedBy(task, doc).length === 0)
    .sort(
      (a, b) =>
        effectivePriorityRank(a, doc.tasks) - effectivePriorityRank(b, doc.tasks) ||
        waiting(b.id) - waiting(a.id) ||
        a.createdAt.localeCompare(b.createdAt) ||
        compareIds(a.id, b.id),
    )
    .map((task) => task.id);
}

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the task index', () => {
  test('keeps the hand-out order the rule gives, through random changes, their failures and their undoing', async () => {
    const { service, store, clock } = testService({ leaseSeconds: 60 });
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const ids: string[] = [];
    const actor = 'test';
    const succeeded = new Map<string, number>();
    const count = async (name: string, operation: Promise<unknown>) => {
      const result = await operation;
      if (result !== null) succeeded.set(name, (succeeded.get(name) ?? 0) + 1);
    };
    for (let step = 0; step < 400; step++) {
      const doc = await store.read();
      const live = Object.keys(doc.tasks);
      const roll = next();
      clock.advance(Math.floor(next() * 3) * 1000);
      // Operations that fail (held by someone else, a cycle, ...) are part of the test: they must leave the index as it was.
      try {
        if (roll < 0.3 || live.length < 5) {
          const id = `k${step}`;
          const dependencies = live.length > 0 && next() < 0.5 ? [pick(live)] : [];
          const parentId = live.length > 0 && next() < 0.15 ? pick(live) : undefined;
          await count(
            'create',
            service.create(
              { id, title: id, dependencies, priority: pick(PRIORITIES), role: pick(['tester', 'implementer', null]), ...(parentId && { parentId }) },
              actor,
            ),
          );
          ids.push(id);
        } else if (roll < 0.5) {
          await count('next', service.next({ worker: pick(['w1', 'w2']), roles: next() < 0.3 ? ['tester'] : [] }));
        } else if (roll < 0.65) {
          await count('complete', service.complete(pick(live), { worker: pick(['w1', 'w2']) }));
        } else if (roll < 0.7) {
          await count('fail', service.fail(pick(live), { worker: 'w1', error: 'no' }));
        } else if (roll < 0.75) {
          await count('reset', service.reset(pick(live), { actor, force: next() < 0.5 }));
        } else if (roll < 0.8) {
          await count('update', service.update(pick(live), { priority: pick(PRIORITIES), dependencies: next() < 0.5 ? [] : [pick(live)] }, actor));
        } else if (roll < 0.85) {
          await count('cancel', service.cancel(pick(live), { actor, force: true }));
        } else if (roll < 0.9) {
          await count('delete', service.delete(pick(live), { actor, force: true }));
        } else if (roll < 0.95) {
          clock.advance(120_000);
          await count('expire', service.expireLeases(actor));
        } else {
          await count('archive', service.archive([pick(live)], { actor }));
        }
      } catch (error) {
        if (!(error instanceof Error) || !('code' in error)) throw error;
      }
      const after = await store.read();
      const order = expectedOrder(after);
      const fresh = [...TaskIndex.of(after).ready()];
      expect(fresh, `step ${step}: a fresh index`).toEqual(order);
      const recommended = await service.recommend();
      expect(recommended?.task.id ?? null, `step ${step}: the live index`).toBe(order[0] ?? null);
      const tester = order.find((id) => matchesRoles(after.tasks[id]!, ['tester'])) ?? null;
      expect((await service.recommend({ roles: ['tester'] }))?.task.id ?? null, `step ${step}: roles`).toBe(tester);
    }
    expect(ids.length).toBeGreaterThan(50);
    // Every kind of change went through often enough to matter.
    for (const name of ['create', 'next', 'complete', 'fail', 'reset', 'update', 'cancel', 'delete', 'expire', 'archive']) {
      expect(succeeded.get(name) ?? 0, name).toBeGreaterThan(2);
    }
  });

  test('claimers that keep colliding spread only over the tasks that rank equal to the best', async () => {
    const { service, store } = testService();
    const actor = 'test';
    await service.create({ id: 'urgent', title: 'urgent', priority: 'urgent' }, actor);
    await service.createMany(
      Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, title: `m${i}`, priority: 'normal' as const })),
      actor,
    );
    await service.create({ id: 'blocker', title: 'blocker', priority: 'normal' }, actor);
    await service.create({ id: 'waits', title: 'waits', dependencies: ['blocker'] }, actor);
    const doc = await store.read();
    const index = TaskIndex.of(doc);
    // The exact order, whatever the spread, while one task ranks above the rest.
    for (let i = 0; i < 20; i++) expect(bestReady(doc, { spread: 8 }, index)?.id).toBe('urgent');
    const skip = new Set(['urgent']);
    // 'blocker' has a task waiting on it: it ranks above the other normal ones, so it is still first.
    for (let i = 0; i < 20; i++) expect(bestReady(doc, { spread: 8, skip }, index)?.id).toBe('blocker');
    skip.add('blocker');
    expect(bestReady(doc, { skip }, index)?.id).toBe('m0');
    const picked = new Set(Array.from({ length: 200 }, () => bestReady(doc, { spread: 4, skip }, index)!.id));
    expect([...picked].sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
  });
});
