import { describe, expect, test } from 'vitest';
import { TaskService } from '../../src/core/index.js';
import { reopen } from '../helpers/backend.js';
import { rejection } from '../helpers/errors.js';
import { testService } from '../helpers/service.js';

// Names JavaScript gives every object. As ids, dependencies and metadata keys they are plain data.
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
const actor = 'cli:test';

describe("ids and keys that are JavaScript's own", () => {
  test('are tasks, dependencies and plans like any other, through every operation and a fresh read', async () => {
    const { service, dir, store } = testService({ leaseSeconds: 60 });
    // Not there yet: a dependency on them is unknown, not "already there".
    for (const name of NAMES) {
      const error = await rejection(service.create({ title: 'waits', dependencies: [name] }, actor));
      expect(error.message).toBe(`Task "waits" depends on unknown task ${name}.`);
    }
    for (const name of NAMES) await service.create({ id: name, title: `task ${name}` }, actor);
    for (const name of NAMES) expect((await service.get(name)).task).toMatchObject({ id: name, title: `task ${name}` });
    expect((await rejection(service.create({ id: 'constructor', title: 'again' }, actor))).code).toBe('CONFLICT');

    await service.create({ id: 'after', title: 'after all of them', dependencies: NAMES }, actor);
    // "constructor" becomes a plan: its subtask is the work, and completing it completes the plan.
    await service.create({ id: 'child', title: 'subtask of constructor', parentId: 'constructor' }, actor);
    expect((await service.list()).tasks.map((task) => task.id)).toEqual(expect.arrayContaining([...NAMES, 'after', 'child']));
    expect((await service.get('after')).task.blockedBy).toEqual(NAMES);
    expect((await service.get('constructor')).task.children).toEqual(['child']);

    const claimed: string[] = [];
    for (let i = 0; i < NAMES.length; i++) {
      const task = await service.next({ worker: 'w' });
      claimed.push(task!.id);
      await service.complete(task!.id, { worker: 'w', result: 'done' });
    }
    expect(claimed.sort()).toEqual([...NAMES.filter((name) => name !== 'constructor'), 'child'].sort());
    expect((await service.get('constructor')).task.status).toBe('completed');
    expect((await service.get('after')).task).toMatchObject({ ready: true, blockedBy: [] });

    await service.update('__proto__', { title: 'renamed', metadata: { constructor: 'kept', toString: 1 } }, actor);
    expect((await service.get('__proto__')).task).toMatchObject({ title: 'renamed', metadata: { constructor: 'kept', toString: 1 } });
    await service.delete('valueOf', { actor, force: true });
    await expect(service.get('valueOf')).rejects.toThrow(/No task with id "valueOf"/);

    expect(await service.integrity()).toEqual([]);
    // A new process reads the same from the store (snapshot and journal, or the database), and after a fold.
    const fresh = new TaskService(reopen(store, dir));
    expect((await fresh.get('__proto__')).task).toMatchObject({ title: 'renamed', status: 'completed' });
    expect((await fresh.get('constructor')).task.status).toBe('completed');
    await fresh.store.fold();
    const folded = new TaskService(reopen(store, dir));
    expect(Object.keys((await folded.snapshot()).tasks).sort()).toEqual([...NAMES.filter((name) => name !== 'valueOf'), 'after', 'child'].sort());
    expect(await folded.integrity()).toEqual([]);
  });

  test('a "__proto__" metadata key is refused in words; other such keys are kept', async () => {
    const { service } = testService();
    const error = await rejection(service.create({ title: 't', metadata: JSON.parse('{"__proto__": {"polluted": true}}') }, actor));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/"__proto__" cannot be used in metadata/);
    const task = await service.create({ title: 't', metadata: { constructor: 1, hasOwnProperty: 'x' } }, actor);
    expect(task.metadata).toEqual({ constructor: 1, hasOwnProperty: 'x' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
