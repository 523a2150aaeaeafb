import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import type { DoctorReport, ReportedResult } from '../../src/diagnostics/index.js';
import { lockPath } from '../../src/store/index.js';
import { holdLock, isRunning } from '../helpers/lock-holder.js';
import { binEnv, runBin, runJson } from '../helpers/bin.js';
import { editStoreFiles, readStoreFiles } from '../helpers/store-files.js';

const actor = 'cli:test';

/** A data directory with a few tasks, set up through the library (the binary is what is under test). */
async function seeded() {
  const setup = binEnv();
  const service = new TaskService(openTaskStore(setup.dataDir, { lock: { staleMs: 2_000, waitMs: 5_000 } }));
  await service.create({ id: 'a', title: 'A' }, actor);
  await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
  await service.create({ id: 'c', title: 'C' }, actor);
  // All in store.json, so that the tests can break it in one place.
  await service.store.fold();
  return { ...setup, service, store: path.join(setup.dataDir, 'store.json') };
}

const editStore = (file: string, edit: (doc: Record<string, any>) => void) => editStoreFiles(path.dirname(file), edit);

const result = (report: DoctorReport, id: string) => report.results.find((item) => item.id === id) as ReportedResult;

describe('orchestrator doctor', () => {
  test('a healthy store: a checklist, a summary line, exit 0; --json is one document', async () => {
    const { env, dataDir } = await seeded();
    const text = runBin(['doctor'], env);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Runtime\n/);
    expect(text.stdout).toMatch(/✔ Data directory +.*data \(set by ORCHESTRATOR_DATA_DIR\)/);
    expect(text.stdout).toMatch(/✔ Contents +3 tasks \(3 pending\)/);
    expect(text.stdout).toMatch(/✔ store\.json lock +not locked/);
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(/^✔ All \d+ checks passed\.$/);
    expect(text.stderr).toBe('');

    const { status, json } = runJson<DoctorReport>(['doctor'], env);
    expect(status).toBe(0);
    expect(json).toMatchObject({ ok: true, dataDir: { dir: dataDir, source: 'env' }, fixes: [], summary: { fail: 0, warn: 0 } });
    expect(json.checks.map((check) => check.id)).toEqual(['runtime', 'store', 'locks', 'server', 'clients']);
    expect(result(json, 'server.handshake')).toMatchObject({
      status: 'ok',
      details: { tools: 9, args: [expect.stringMatching(/orchestrator\.js$/), 'serve', '--data-dir', dataDir] },
    });
    expect(result(json, 'server.health')).toMatchObject({ status: 'ok', message: expect.stringContaining('the store reads') });
    expect(result(json, 'runtime.node')).toMatchObject({ check: 'runtime', status: 'ok', details: { required: '>=20' } });
  });

  test('a corrupted store fails with the position and the restore hint; --fix does not touch it', async () => {
    const { env, store } = await seeded();
    const broken = readFileSync(store, 'utf8').replace('"revision": 3,', '"revision": 3,,');
    writeFileSync(store, broken);
    const text = runBin(['doctor', '--fix'], env);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/✖ Parses +.*store\.json does not parse at line \d+, column \d+/);
    expect(text.stdout).toMatch(/→ Restore a snapshot with `orchestrator db restore <file>`/);
    // The server still starts on it (it reads the store per call); its health check reports the same problem.
    expect(text.stdout).toMatch(/✔ Handshake +initialize in \d+ ms/);
    expect(text.stdout).toMatch(/✖ Health +the server runs, but every task tool will fail: store: .*does not parse/);
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(/^✖ 2 failed, \d+ ok\.$/);
    expect(readFileSync(store, 'utf8')).toBe(broken);

    const { json } = runJson<DoctorReport>(['doctor'], env);
    expect(result(json, 'store.parse')).toMatchObject({
      status: 'fail',
      details: { file: store, line: expect.any(Number), column: expect.any(Number) },
    });
    expect(result(json, 'server.health')).toMatchObject({ status: 'fail', details: { status: 'error' } });
  });

  test('a stale lock from a killed process: --cleanup-locks removes it and nothing else; --fix then returns the expired lease', async () => {
    const { env, store, service } = await seeded();
    await service.start('a', { worker: 'w', leaseSeconds: 60 });
    await editStore(store, (doc) => void (doc.tasks.a.lease.expiresAt = '2020-01-01T00:00:00.000Z'));
    const holder = await holdLock(store);
    await holder.kill();

    const found = runJson<DoctorReport>(['doctor'], env);
    expect(found.status).toBe(0); // warnings only
    expect(result(found.json, 'locks.store.json')).toMatchObject({ status: 'warn', details: { verdict: 'stale', owner: { pid: holder.pid } } });
    expect(result(found.json, 'store.integrity.expired-lease')).toMatchObject({ status: 'warn' });
    const text = runBin(['doctor'], env);
    expect(text.stdout).toMatch(/⚠ store\.json lock +stale: held by pid \d+ \(gone\)/);
    expect(text.stdout).toMatch(/→ `orchestrator doctor --cleanup-locks` removes it/);

    const cleaned = runJson<DoctorReport>(['doctor', '--cleanup-locks'], env);
    expect(cleaned.json.fixes).toEqual([{ check: 'locks', status: 'fixed', message: expect.stringMatching(/store\.json: removed the stale lock/) }]);
    expect(existsSync(lockPath(store))).toBe(false);
    expect(result(cleaned.json, 'store.integrity.expired-lease')?.status).toBe('warn');
    expect((await readStoreFiles(path.dirname(store))).tasks.a?.status).toBe('in_progress');

    const fixed = runJson<DoctorReport>(['doctor', '--fix'], env);
    expect(fixed.status).toBe(0);
    expect(fixed.json.fixes).toEqual([{ check: 'store', status: 'fixed', message: 'a: expired lease returned (pending again)' }]);
    expect(fixed.json.summary).toMatchObject({ warn: 0, fail: 0 });
    expect((await readStoreFiles(path.dirname(store))).tasks.a).toMatchObject({ status: 'pending', attempts: 1 });
  });

  test('a live lock is reported as held and survives --cleanup-locks and --fix', async () => {
    const { env, store } = await seeded();
    const holder = await holdLock(store);
    const { status, json } = runJson<DoctorReport>(['doctor', '--cleanup-locks', '--fix'], env);
    expect(status).toBe(0);
    expect(result(json, 'locks.store.json')).toMatchObject({ status: 'ok', details: { verdict: 'live', alive: true, owner: { pid: holder.pid } } });
    expect(json.fixes).toEqual([]);
    expect(existsSync(lockPath(store))).toBe(true);
    expect(isRunning(holder.pid)).toBe(true);
  });

  test('a dangling dependency and a hand-written cycle fail; --fix reports them and changes nothing', async () => {
    const { env, store } = await seeded();
    await editStore(store, (doc) => {
      doc.tasks.b.dependencies = ['a', 'ghost'];
      doc.tasks.a.dependencies = ['c'];
      doc.tasks.c.dependencies = ['a'];
    });
    const before = readFileSync(store, 'utf8');
    const { status, json } = runJson<DoctorReport>(['doctor', '--fix'], env);
    expect(status).toBe(1);
    expect(result(json, 'store.integrity.dangling-dependency')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/b depends on ghost/),
    });
    expect(result(json, 'store.integrity.dependency-cycle')).toMatchObject({ status: 'fail', message: expect.stringMatching(/a → c → a|c → a → c/) });
    expect(json.fixes).toEqual([]);
    expect(readFileSync(store, 'utf8')).toBe(before);
    const text = runBin(['doctor'], env);
    expect(text.stdout).toMatch(/✖ Dangling dependencies +b depends on ghost/);
    expect(text.stdout).toMatch(/→ Drop the dependency/);
  });

  test('--client is accepted (repeatable and comma-separated); bad options are usage errors', async () => {
    const { env } = await seeded();
    expect(runBin(['doctor', '--client', 'cursor,zed', '--client', 'vscode'], env).status).toBe(0);
    const bad = runBin(['doctor', '--frobnicate'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option/i);
  });

  test('with no store yet, doctor passes and creates nothing', async () => {
    const { env, dataDir } = binEnv();
    const { status, json } = runJson<DoctorReport>(['doctor'], env);
    expect(status).toBe(0);
    expect(result(json, 'store.file')?.message).toMatch(/no store yet/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
