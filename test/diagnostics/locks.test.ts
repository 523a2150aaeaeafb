import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { locksCheck } from '../../src/diagnostics/checks/locks.js';
import { runDoctor, type ReportedResult } from '../../src/diagnostics/index.js';
import { lockOwnerPath, lockPath } from '../../src/store/index.js';
import { testContext } from '../helpers/diagnostics.js';
import { holdLock, isRunning } from '../helpers/lock-holder.js';

const realClock = () => new Date();

function ageLock(file: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  utimesSync(lockPath(file), then, then);
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

  test('a lock left by a killed process is stale once older than the timeout; --cleanup-locks removes it', async () => {
    // A long timeout, so that "younger than the timeout" holds however slow the machine is.
    const { context } = testContext({ now: realClock, lock: { staleMs: 30_000, waitMs: 3_000 } });
    mkdirSync(context.paths.dir, { recursive: true });
    const holder = await holdLock(context.paths.store);
    await holder.kill();
    expect(existsSync(lockPath(context.paths.store))).toBe(true);

    // Younger than the stale timeout: the holder is gone, but writers would not take it over yet.
    const young = await storeLock(context);
    expect(young.result).toMatchObject({ status: 'warn', details: { verdict: 'abandoned', alive: false, owner: { pid: holder.pid } } });
    const notYet = await storeLock(context, { cleanupLocks: true });
    expect(notYet.report.fixes).toEqual([]);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);

    ageLock(context.paths.store, 60_000);
    const stale = await storeLock(context);
    expect(stale.result).toMatchObject({ status: 'warn', fix: expect.stringMatching(/--cleanup-locks/), details: { verdict: 'stale' } });
    expect(stale.result.message).toMatch(new RegExp(`pid ${holder.pid} \\(gone\\)`));

    const cleaned = await storeLock(context, { cleanupLocks: true });
    expect(cleaned.report.fixes).toEqual([{ check: 'locks', status: 'fixed', message: expect.stringMatching(/removed the stale lock/) }]);
    expect(cleaned.result).toMatchObject({ status: 'ok', message: 'not locked' });
    expect(existsSync(lockPath(context.paths.store))).toBe(false);
    expect(existsSync(lockOwnerPath(context.paths.store))).toBe(false);
  });

  test('a lock held by a running process is never removed, even when it looks old', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(context.paths.dir, { recursive: true });
    const holder = await holdLock(context.paths.store);
    const live = await storeLock(context);
    expect(live.result).toMatchObject({ status: 'ok', details: { verdict: 'live', alive: true, owner: { pid: holder.pid } } });

    ageLock(context.paths.store, 60_000);
    const old = await storeLock(context, { cleanupLocks: true, fix: true });
    expect(['live', 'unrefreshed']).toContain(old.result.details?.verdict);
    expect(old.report.fixes).toEqual([]);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);
    expect(isRunning(holder.pid)).toBe(true);
  });

  test('a stale verdict is checked again right before removing: a holder that came back keeps its lock', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(path.join(context.paths.store, '..'), { recursive: true });
    mkdirSync(lockPath(context.paths.store));
    writeFileSync(lockOwnerPath(context.paths.store), JSON.stringify({ pid: 999_999, host: context.hostname, acquiredAt: new Date(0).toISOString() }));
    ageLock(context.paths.store, 60_000);
    let alive = false;
    const flipping = { ...context, isAlive: () => alive };
    const { result } = await storeLock(flipping);
    expect(result.details?.verdict).toBe('stale');
    // Between the report and the cleanup, the pid turns out to run after all.
    alive = true;
    const { fix } = (await import('../../src/diagnostics/checks/locks.js')).locksCheck;
    const records = await fix!.apply(flipping, [result]);
    expect(records).toEqual([{ check: 'locks', status: 'skipped', message: expect.stringMatching(/left alone/) }]);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);
  });

  test('a lock recorded by another host is judged by age alone; one without an owner record too', async () => {
    const { context } = testContext({ now: realClock });
    mkdirSync(lockPath(context.paths.store), { recursive: true });
    writeFileSync(lockOwnerPath(context.paths.store), JSON.stringify({ pid: process.pid, host: 'build-server-7', acquiredAt: new Date().toISOString() }));
    const fresh = await storeLock(context, { cleanupLocks: true });
    expect(fresh.result).toMatchObject({ status: 'ok', details: { verdict: 'live', alive: null } });
    expect(fresh.result.message).toMatch(/another host/);
    expect(existsSync(lockPath(context.paths.store))).toBe(true);

    ageLock(context.paths.store, 60_000);
    expect((await storeLock(context)).result.details?.verdict).toBe('stale');

    writeFileSync(lockOwnerPath(context.paths.store), '');
    const anonymous = await storeLock(context);
    expect(anonymous.result).toMatchObject({ details: { verdict: 'stale', owner: null } });
    expect(anonymous.result.message).toMatch(/unknown process/);
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
