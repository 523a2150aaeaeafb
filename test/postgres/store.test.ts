import { describe, expect, test } from 'vitest';
import { TaskService, type TaskChange } from '../../src/core/index.js';
import { openTestStore, freshStoreUrl, testPgService } from '../helpers/postgres.js';

const actor = 'test';

describe('the PostgreSQL store', () => {
  test('creates its tables on first use, keeps a change, and a second process reads it', async () => {
    const { service, url } = testPgService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    const other = new TaskService(openTestStore(url));
    expect((await other.get('b')).task).toMatchObject({ id: 'b', blockedBy: ['a'] });
    await other.complete('a', { worker: 'w' });
    expect((await service.get('b')).task).toMatchObject({ ready: true });
    const events = await service.history();
    expect(events.map((event) => [event.op, event.taskId])).toEqual([
      ['create', 'a'],
      ['create', 'b'],
      ['complete', 'a'],
    ]);
    expect(events.map((event) => event.rev)).toEqual([1, 2, 3]);
  });

  test('a change that throws changes nothing, here or in the database', async () => {
    const { service, url } = testPgService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await expect(service.create({ id: 'a', title: 'again' }, actor)).rejects.toThrow(/already/);
    expect((await new TaskService(openTestStore(url)).list()).tasks.map((task) => task.title)).toEqual(['A']);
  });

  test('two processes claiming at once never get the same task', async () => {
    const url = freshStoreUrl();
    const seed = new TaskService(openTestStore(url));
    await seed.createMany(
      Array.from({ length: 30 }, (_, i) => ({ id: `t${i}`, title: `task ${i}` })),
      actor,
    );
    const workers = Array.from({ length: 6 }, (_, i) => ({ id: `w${i}`, service: new TaskService(openTestStore(url)) }));
    const claimed: string[] = [];
    await Promise.all(
      workers.map(async ({ id, service }) => {
        for (;;) {
          const task = await service.next({ worker: id });
          if (!task) return;
          claimed.push(task.id);
          await service.complete(task.id, { worker: id });
        }
      }),
    );
    expect(claimed.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `t${i}`).sort());
    const doc = await new TaskService(openTestStore(url)).snapshot();
    expect(Object.values(doc.tasks).every((task) => task.status === 'completed')).toBe(true);
    const claims = (await seed.history()).filter((event) => event.op === 'claim').map((event) => event.taskId);
    expect(new Set(claims).size).toBe(claims.length);
  });

  test("the change feed tells a watcher of another process's commits", async () => {
    const { service, url } = testPgService();
    await service.create({ id: 'a', title: 'A' }, actor);
    const controller = new AbortController();
    const seen: TaskChange[] = [];
    const watching = (async () => {
      for await (const change of service.watch({ signal: controller.signal })) {
        seen.push(change);
        if (seen.flatMap((item) => item.taskIds).includes('b')) break;
      }
    })();
    await new TaskService(openTestStore(url)).create({ id: 'b', title: 'B' }, actor);
    await Promise.race([watching, new Promise((_, reject) => setTimeout(() => reject(new Error(`nothing seen: ${JSON.stringify(seen)}`)), 5_000))]);
    controller.abort();
    expect(seen.flatMap((item) => item.taskIds)).toContain('b');
  });
});
