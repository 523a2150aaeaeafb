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
});
