import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService, type TaskChange } from '../../src/core/index.js';
import { isolatedEnv, runCli } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

const actor = 'test';

/** Collects what `watch` yields until `until` says enough, or fails after `ms`. */
async function collect(changes: AsyncIterable<TaskChange>, until: (seen: TaskChange[]) => boolean, ms = 5_000): Promise<TaskChange[]> {
  const seen: TaskChange[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no such change within ${ms} ms; saw ${JSON.stringify(seen)}`)), ms);
  });
  const reading = (async () => {
    for await (const change of changes) {
      seen.push(change);
      if (until(seen)) break;
    }
    return seen;
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const ids = (seen: TaskChange[]) => [...new Set(seen.flatMap((change) => change.taskIds))].sort();

describe('the change feed', () => {
  test('tells a watcher of changes committed by another process, with the tasks that changed', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    const watcher = new TaskService(openTaskStore(dataDir));
    await watcher.create({ id: 'first', title: 'first' }, actor);
    const controller = new AbortController();
    const seen = collect(watcher.watch({ signal: controller.signal }), (all) => ids(all).includes('from-cli') && ids(all).includes('second'));
    const cli = await runCli(['tasks', 'add', 'From the CLI', '--id', 'from-cli'], isolatedEnv(dir));
    expect(cli.code, cli.stderr).toBe(0);
    await new TaskService(openTaskStore(dataDir)).update('first', { title: 'renamed' }, actor);
    await new TaskService(openTaskStore(dataDir)).create({ id: 'second', title: 'second', dependencies: ['first'] }, actor);
    const changes = await seen;
    controller.abort();
    expect(ids(changes)).toEqual(['first', 'from-cli', 'second']);
    expect(changes.every((change) => !change.reset)).toBe(true);
    expect(changes.at(-1)!.revision).toBe((await watcher.snapshot()).revision);
  });

  test('replays what changed since a revision from the journal, and says reset once the journal no longer reaches back', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    const service = new TaskService(openTaskStore(dataDir));
    await service.create({ id: 'a', title: 'a' }, actor);
    const since = (await service.snapshot()).revision;
    await service.create({ id: 'b', title: 'b' }, actor);
    await service.start('a', { worker: 'w' });

    const fresh = new TaskService(openTaskStore(dataDir));
    const [replayed] = await collect(fresh.watch({ since }), () => true);
    expect(replayed).toMatchObject({ reset: false, revision: since + 2 });
    expect(replayed!.taskIds.sort()).toEqual(['a', 'b']);
    expect(replayed!.workerIds).toEqual(['w']);

    await service.store.fold();
    const [lost] = await collect(new TaskService(openTaskStore(dataDir)).watch({ since }), () => true);
    expect(lost).toMatchObject({ reset: true, revision: since + 2 });
  });

  test("this process's own changes come through at once, and a slow watcher gets them merged", async () => {
    const dir = testdir();
    const service = new TaskService(openTaskStore(path.join(dir, 'data')));
    await service.create({ id: 'a', title: 'a' }, actor);
    const iterator = service.watch()[Symbol.asyncIterator]();
    await service.create({ id: 'b', title: 'b' }, actor);
    await service.create({ id: 'c', title: 'c' }, actor);
    const { value } = await iterator.next();
    expect(value).toMatchObject({ reset: false, taskIds: ['b', 'c'] });
    await iterator.return!(undefined);
  });

  test('a watch ends when its signal aborts', async () => {
    const dir = testdir();
    const service = new TaskService(openTaskStore(path.join(dir, 'data')));
    const controller = new AbortController();
    const done = collect(service.watch({ signal: controller.signal }), () => false);
    setTimeout(() => controller.abort(), 50);
    expect(await done).toEqual([]);
  });
});
