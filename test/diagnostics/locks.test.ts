import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { locksCheck } from '../../src/diagnostics/checks/locks.js';
import { runDoctor, type ReportedResult } from '../../src/diagnostics/index.js';
import { lockPath } from '../../src/store/index.js';
import { testContext } from '../helpers/diagnostics.js';
import { holdLock, isRunning, ownerRecordFile, writeOwnerRecord } from '../helpers/lock-holder.js';

const realClock = () => new Date();

/** Makes the holder's record look as if it was last refreshed `ms` ago. */
function ageRecord(file: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  const record = ownerRecordFile(file);
  utimesSync(record ?? lockPath(file), then, then);
}

async function storeLock(context: ReturnType<typeof testContext>['context'], options: { cleanupLocks?: boolean; fix?: boolean } = {}) {
  const report = await runDoctor(options, { context, checks: [locksCheck] });
  const result = report.results.find((item) => item.id === 'locks.store.json') as ReportedResult;
  return { report, result };
}

describe('locks check', () => {
  test('no lock: ok', async () => {
    const { context } = testContext({ now: realClock });
    const { result } = await storeLock(context);
    expect(result).toMatchObject({ status: 'ok', message: 'not locked', details: { locked: false } });
  });

  test('a lock left by a killed process is stale at once, whatever its age; --cleanup-locks removes it', async () => {
    const { context } = testContext({ now: realClock, lock: { staleMs: 30_000, waitMs: 3_000 } });
    mkdirSync(context.paths.dir, { recursive: true });
    const holder = await holdLock(context.paths.store);
    await holder.kill();
    expect(existsSync(lockPath(context.paths.store))).toBe(true);

    const stale = await storeLock(context);
    expect(stale.result).toMatchObject({
      status: 'warn',
      fix: expect.stringMatching(/--cleanup-locks/),
      details: { verdict: 'stale', alive: false, owner: { pid: holder.pid } },
    });
    expect(stale.result.message).toMatch(new RegExp(`pid ${holder.pid} \\(gone\\)`));

    const cleaned = await storeLock(context, { cleanupLocks: true });
    expect(cleaned.report.fixes).toEqual([{ check: 'locks', status: 'fixed', message: expect.stringMatching(/removed the stale lock/) }]);
    expect(cleaned.result).toMatchObject({ status: 'ok', message: 'not locked' });
    expect(existsSync(lockPath(context.paths.store))).toBe(false);
  });

  test('a lock held by a running process is never removed, even when it has not been refreshed for long', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(context.paths.dir, { recursive: true });
    const holder = await holdLock(context.paths.store);
    const live = await storeLock(context);
    expect(live.result).toMatchObject({ status: 'ok', details: { verdict: 'live', alive: true, owner: { pid: holder.pid } } });

    holder.stop();
    ageRecord(context.paths.store, 60_000);
    const old = await storeLock(context, { cleanupLocks: true, fix: true });
    expect(old.result).toMatchObject({ status: 'warn', details: { verdict: 'unrefreshed', alive: true } });
    expect(old.result.message).toMatch(/stopped|hung/);
    expect(old.report.fixes).toEqual([]);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);
    expect(isRunning(holder.pid)).toBe(true);
  });

  test('a stale verdict is checked again right before removing: a holder that came back keeps its lock', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(context.paths.dir, { recursive: true });
    writeOwnerRecord(context.paths.store, { pid: process.pid, host: hostname() });
    let alive = false;
    const flipping = { ...context, isAlive: () => alive };
    const { result } = await storeLock(flipping);
    expect(result.details?.verdict).toBe('stale');
    // Between the report and the cleanup, the holder turns out to run after all.
    alive = true;
    const { fix } = (await import('../../src/diagnostics/checks/locks.js')).locksCheck;
    const records = await fix!.apply(flipping, [result]);
    expect(records).toEqual([{ check: 'locks', status: 'skipped', message: expect.stringMatching(/left alone/) }]);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);
  });

  test("a lock recorded by another host is judged by age alone; an empty lock is nobody's", async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(context.paths.dir, { recursive: true });
    writeOwnerRecord(context.paths.store, { pid: process.pid, host: 'build-server-7' });
    const fresh = await storeLock(context, { cleanupLocks: true });
    expect(fresh.result).toMatchObject({ status: 'ok', details: { verdict: 'live', alive: null } });
    expect(fresh.result.message).toMatch(/another host/);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);

    ageRecord(context.paths.store, 60_000);
    expect((await storeLock(context)).result.details?.verdict).toBe('stale');
    await storeLock(context, { cleanupLocks: true });
    expect(existsSync(lockPath(context.paths.store))).toBe(false);

    mkdirSync(lockPath(context.paths.store));
    const empty = await storeLock(context);
    expect(empty.result).toMatchObject({ details: { verdict: 'stale', owner: null } });
    expect(empty.result.message).toMatch(/empty lock/);
    await storeLock(context, { cleanupLocks: true });
    expect(existsSync(lockPath(context.paths.store))).toBe(false);
  });

  test('a lock directory this lock did not make is judged by its age', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(lockPath(context.paths.store), { recursive: true });
    writeFileSync(path.join(lockPath(context.paths.store), 'something'), '');
    const fresh = await storeLock(context, { cleanupLocks: true });
    expect(fresh.result).toMatchObject({ status: 'ok', details: { verdict: 'live' } });
    expect(fresh.result.message).toMatch(/unknown process/);
    ageRecord(context.paths.store, 60_000);
    await storeLock(context, { cleanupLocks: true });
    expect(existsSync(lockPath(context.paths.store))).toBe(false);
  });

  test('other locks in the data directory are listed while they exist', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(path.join(context.paths.dir, 'roles.yaml.lock'), { recursive: true });
    const report = await runDoctor({}, { context, checks: [locksCheck] });
    expect(report.results.map((result) => result.id)).toEqual(['locks.store.json', 'locks.roles.yaml']);
  });
});
