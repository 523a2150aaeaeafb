import { describe, expect, test } from 'vitest';
import { TaskIndex, type TaskChange } from '../../src/core/index.js';
import { twoProcesses } from '../helpers/pg-pair.js';

const actor = 'test';

describe('a commit and what this process follows while it is on its way', () => {
  test('an entry this process created and another removed before the answer came stays removed', async () => {
    const p = await twoProcesses();
    await p.near.list();
    const answer = p.proxy.holdAnswerTo('COMMIT\0');
    const creating = p.near.create({ id: 'x', title: 'X' }, actor);
    const { release } = await answer;
    // Committed in the database, not yet heard of here: another process removes it, and a read here follows both.
    await p.other.delete('x', { actor: 'other' });
    expect(Object.keys((await p.nearStore.read()).tasks)).toEqual([]);
    release();
    await creating;
    expect(Object.keys((await p.nearStore.read()).tasks)).toEqual([]);
    expect((await p.near.list()).tasks).toEqual([]);
  });

  test('a newer write of the same entry, followed first, is not put back by the older commit', async () => {
    const p = await twoProcesses();
    await p.other.create({ id: 'x', title: 'first' }, actor);
    await p.near.list();
    const answer = p.proxy.holdAnswerTo('COMMIT\0');
    const updating = p.near.update('x', { title: 'near' }, actor);
    const { release } = await answer;
    await p.other.update('x', { title: 'other, later' }, actor);
    expect((await p.nearStore.read()).tasks.x!.title).toBe('other, later');
    release();
    await updating;
    expect((await p.nearStore.read()).tasks.x!.title).toBe('other, later');
  });
});

describe('removals another process made', () => {
  test('an entry removed by another process can be made again here, at once', async () => {
    // Waiting for rows is bounded by 2 s here: a change that mistakes a removed entry for a row held by someone
    // else gives up after that instead of committing.
    const p = await twoProcesses({ waitMs: 2_000 });
    await p.near.create({ id: 'x', title: 'X' }, actor);
    await p.other.delete('x', { actor: 'other' });
    expect((await p.near.list()).tasks).toEqual([]);
    await p.near.create({ id: 'x', title: 'X again' }, actor);
    expect((await p.other.get('x')).task.title).toBe('X again');
  });
});

describe('the header (the counter of generated ids)', () => {
  test('a change that never read the header does not write back an older one', async () => {
    const p = await twoProcesses();
    await p.other.create({ id: 'a', title: 'A' }, actor);
    await p.near.list();
    const holding = p.proxy.holdNextChange();
    const claiming = p.near.next({ worker: 'near' });
    const { release } = await holding;
    // While the claim is on its way, another process takes a generated id.
    expect((await p.other.create({ title: 'generated' }, actor)).id).toBe('t1');
    release();
    expect(await claiming).toMatchObject({ id: 'a' });
    expect((await p.other.snapshot()).counters.task).toBe(1);
    // A generated id is never given twice, even after the task that had it is gone.
    await p.other.delete('t1', { actor });
    expect((await p.near.create({ title: 'next' }, actor)).id).toBe('t2');
  });
});

describe('what observers and watchers of this process hear', () => {
  test('the index kept beside the document stays the one the document gives, whatever order commits arrive in', async () => {
    const p = await twoProcesses();
    const index = new TaskIndex();
    p.nearStore.observe(index);
    await p.other.create({ id: 'plan', title: 'Plan' }, actor);
    await p.other.create({ id: 'a', title: 'A', parentId: 'plan' }, actor);
    await p.other.create({ id: 'b', title: 'B', parentId: 'plan', dependencies: ['a'] }, actor);
    await p.other.create({ id: 'c', title: 'C' }, actor);
    await p.near.list();
    // Each change here is answered only after the other process changed the same tasks and this one followed.
    const steps: Array<[() => Promise<unknown>, () => Promise<unknown>]> = [
      [() => p.near.create({ id: 'd', title: 'D', dependencies: ['c'] }, actor), () => p.other.delete('d', { actor })],
      [() => p.near.update('b', { priority: 'urgent' }, actor), () => p.other.complete('a', { worker: 'w', force: true })],
      [() => p.near.next({ worker: 'near' }), () => p.other.update('b', { priority: 'low' }, actor)],
      [() => p.near.create({ id: 'e', title: 'E', parentId: 'plan' }, actor), () => p.other.delete('c', { actor, force: true })],
    ];
    for (const [nearChange, otherChange] of steps) {
      const answer = p.proxy.holdAnswerTo('COMMIT\0');
      const changing = nearChange();
      const { release } = await answer;
      await otherChange();
      await p.nearStore.read();
      release();
      await changing;
      expect(shape(index)).toEqual(shape(TaskIndex.of(await p.nearStore.read())));
    }
    expect(await p.near.snapshot()).toEqual(await p.other.snapshot());
  });

  test('a watcher hears each commit once, and the revision it is told never goes back', async () => {
    const p = await twoProcesses();
    await p.other.create({ id: 'a', title: 'A' }, actor);
    await p.near.list();
    const controller = new AbortController();
    const heard: TaskChange[] = [];
    const watching = (async () => {
      for await (const change of p.near.watch({ signal: controller.signal })) heard.push(change);
    })();
    const answer = p.proxy.holdAnswerTo('COMMIT\0');
    const creating = p.near.create({ id: 'x', title: 'X' }, actor);
    const { release } = await answer;
    await p.other.update('a', { title: 'A2' }, actor);
    await p.nearStore.read();
    release();
    await creating;
    await p.other.update('a', { title: 'A3' }, actor);
    for (let i = 0; i < 200 && !heard.some((change) => change.revision >= 4); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await watching;
    const revisions = heard.map((change) => change.revision);
    expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
    expect(heard.flatMap((change) => change.taskIds).filter((id) => id === 'x')).toEqual(['x']);
    expect(revisions.at(-1)).toBe(4);
  });
});

/** What an index knows, as plain data. */
function shape(index: TaskIndex) {
  const sets = (map: Map<string, Set<string>>) =>
    Object.fromEntries(
      [...map]
        .filter(([, set]) => set.size > 0)
        .map(([key, set]) => [key, [...set].sort()])
        .sort(),
    );
  return {
    children: sets(index.children),
    dependents: sets(index.dependents),
    waiting: Object.fromEntries([...index.waiting].filter(([, n]) => n > 0).sort()),
    pending: [...index.pending].sort(),
    inProgress: [...index.inProgress].sort(),
    ready: [...index.readyStanding()],
  };
}
