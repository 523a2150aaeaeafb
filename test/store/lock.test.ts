import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { acquireFileLock, acquireLock, lockPath, readLockOwner } from '../../src/store/index.js';
import { currentProcess } from '../../src/store/process-identity.js';
import { rejection } from '../helpers/errors.js';
import { holdLock, writeOwnerRecord } from '../helpers/lock-holder.js';
import { testdir } from '../helpers/testdir.js';

const settings = { staleMs: 2_000, waitMs: 3_000 };

describe('the store lock', () => {
  test('unlock removes only a lock of its own: a lock taken over in the meantime is left to its new holder', async () => {
    const dir = testdir();
    const file = path.join(dir, 'store.json');
    const release = await acquireFileLock(file, settings);
    // Another host judged ours stale and took it: our lock is gone and theirs is in its place.
    rmSync(lockPath(file), { recursive: true });
    const other = await holdLock(file);
    const error = await rejection(release());
    expect(error.code).toBe('LOCKED');
    expect(error.message).toMatch(/taken over/);
    expect(readLockOwner(file)?.pid).toBe(other.pid);
  });

  test('a waiter that runs out of patience fails with one line naming the holder and what to do, and leaves nothing behind', async () => {
    const dir = testdir();
    const file = path.join(dir, 'store.json');
    const holder = await holdLock(file);
    const waits: number[] = [];
    const error = await rejection(acquireLock(file, { staleMs: 2_000, waitMs: 1_200 }, { onWait: (wait) => waits.push(wait.holder!.pid) }));
    expect(error.code).toBe('LOCKED');
    expect(error.message).not.toMatch(/\n/);
    expect(error.message).toMatch(
      new RegExp(`^store\\.json is locked by pid ${holder.pid} \\(.*\\), held for .*; gave up after 1\\.\\d s: .*kill ${holder.pid}`),
    );
    expect(error.hint).toMatch(/Nothing was changed/);
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits)).toEqual(new Set([holder.pid]));
    expect(readdirSync(dir).sort()).toEqual(['store.json.lock']);
  });

  test('a signal aborted before or while waiting cancels, changes nothing, and leaves the holder its lock', async () => {
    const dir = testdir();
    const file = path.join(dir, 'store.json');
    expect((await rejection(acquireLock(file, settings, { signal: AbortSignal.abort() }))).code).toBe('CANCELLED');
    const holder = await holdLock(file);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(acquireLock(file, { staleMs: 2_000, waitMs: 10_000 }, { signal: controller.signal }));
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toMatch(/nothing was changed/);
    expect(readLockOwner(file)?.pid).toBe(holder.pid);
    expect(readdirSync(dir)).toEqual(['store.json.lock']);
  });

  test('a recycled pid does not keep a dead holder alive: another start time, or another boot, is another process', async () => {
    const dir = testdir();
    const file = path.join(dir, 'store.json');
    const me = currentProcess();
    writeOwnerRecord(file, { ...me, startTime: 'not-the-time-this-pid-started' } as never);
    const first = await acquireLock(file, settings);
    await first.release();
    if (me.bootId !== undefined) {
      writeOwnerRecord(file, { ...me, bootId: 'another-boot' } as never);
      const second = await acquireLock(file, settings);
      await second.release();
    }
    // The same identity as this process: alive, so never taken over.
    writeOwnerRecord(file, me as never);
    expect((await rejection(acquireLock(file, { staleMs: 2_000, waitMs: 300 }))).code).toBe('LOCKED');
  });

  test('what a killed waiter prepared is swept away by the next writer', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    const prepared = path.join(dataDir, 'store.json.lock.999999-0123456789ab.tmp');
    mkdirSync(prepared, { recursive: true });
    writeFileSync(path.join(prepared, 'owner-999999-0123456789ab.json'), JSON.stringify({ pid: 999_999, host: hostname(), acquiredAt: '' }));
    await new TaskService(openTaskStore(dataDir)).create({ title: 'x' }, 'test');
    expect(existsSync(prepared)).toBe(false);
  });
});

describe('polling for work', () => {
  test('with nothing to hand out, asking for the next task does not wait for the lock; with a task, it does', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    const service = new TaskService(openTaskStore(dataDir, { lock: { staleMs: 2_000, waitMs: 500 } }));
    await service.create({ id: 'a', title: 'A' }, 'test');
    await service.next({ worker: 'w' });
    const holder = await holdLock(path.join(dataDir, 'store.json'));
    // w was seen a moment ago and nothing is ready: nothing to change, so no lock to take.
    expect(await service.next({ worker: 'w' })).toBeNull();
    await holder.kill();
    await service.create({ id: 'b', title: 'B' }, 'test');
    const again = await holdLock(path.join(dataDir, 'store.json'));
    expect((await rejection(service.next({ worker: 'w' }))).message).toMatch(new RegExp(`locked by pid ${again.pid}`));
  });
});

describe('writers', () => {
  test('each has a temp file of its own: the name every writer once shared is not used', async () => {
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    // A leftover at the old shared temp name, which no write may go through.
    mkdirSync(path.join(dataDir, '.store.json.tmp'));
    writeFileSync(path.join(dataDir, '.store.json.tmp', 'x'), '');
    const store = openTaskStore(dataDir, { lock: settings });
    const service = new TaskService(store);
    await service.create({ id: 'a', title: 'A' }, 'test');
    await store.fold();
    await service.create({ id: 'b', title: 'B' }, 'test');
    expect(Object.keys((await new TaskService(openTaskStore(dataDir)).snapshot()).tasks)).toEqual(['a', 'b']);
  });
});
