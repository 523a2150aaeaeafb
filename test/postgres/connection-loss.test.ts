import { describe, expect, test } from 'vitest';
import { TaskService } from '../../src/core/index.js';
import { startPgProxy } from '../helpers/pg-proxy.js';
import { freshStoreUrl, openTestStore } from '../helpers/postgres.js';

describe('a connection lost in the middle of a change', () => {
  test.each(['after', 'before'] as const)(
    'cut %s COMMIT reached the server: the change is applied exactly once, and the answer says it is',
    async (when) => {
      const url = new URL(freshStoreUrl());
      const proxy = await startPgProxy(Number(url.port));
      try {
        const direct = new TaskService(openTestStore(url.toString()));
        await direct.create({ id: 'a', title: 'A' }, 'test');
        url.port = String(proxy.port);
        const service = new TaskService(openTestStore(url.toString()));
        await service.list();
        const sprung = proxy.cutAtNextCommit(when);
        const claimed = await service.next({ worker: 'w' });
        await sprung;
        expect(claimed).toMatchObject({ id: 'a', status: 'in_progress', assignee: 'w' });
        expect((await direct.get('a')).task).toMatchObject({ status: 'in_progress', assignee: 'w' });
        const claims = (await direct.history()).filter((event) => event.op === 'claim');
        expect(claims).toHaveLength(1);
      } finally {
        await proxy.close();
      }
    },
  );

  test('a read that brings the document forward while a claim is on its way never lets the claim take a held task', async () => {
    // The claim ran on a document in which "a" was free; before it reaches the database another process claims
    // "a" and this process reads (a watcher, a dashboard would), which brings "a" forward in its live document.
    // The commit must still be checked against what the claim saw, so it conflicts and claims "b" instead.
    const url = new URL(freshStoreUrl());
    const proxy = await startPgProxy(Number(url.port));
    try {
      const direct = new TaskService(openTestStore(url.toString()));
      await direct.create({ id: 'a', title: 'A', priority: 'urgent' }, 'test');
      await direct.create({ id: 'b', title: 'B' }, 'test');
      url.port = String(proxy.port);
      const service = new TaskService(openTestStore(url.toString()));
      await service.list();
      const holding = proxy.holdNextChange();
      const claiming = service.next({ worker: 'slow' });
      const { release } = await holding;
      expect(await direct.next({ worker: 'fast' })).toMatchObject({ id: 'a', assignee: 'fast' });
      expect((await service.get('a')).task).toMatchObject({ status: 'in_progress', assignee: 'fast' });
      release();
      expect(await claiming).toMatchObject({ id: 'b', assignee: 'slow' });
      const claims = (await direct.history()).filter((event) => event.op === 'claim').map((event) => [event.taskId, event.actor]);
      expect(claims).toEqual([
        ['a', 'fast'],
        ['b', 'slow'],
      ]);
    } finally {
      await proxy.close();
    }
  });
});
