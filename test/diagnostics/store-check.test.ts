import { readFileSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runDoctor, type ReportedResult } from '../../src/diagnostics/index.js';
import { runtimeCheck } from '../../src/diagnostics/checks/runtime.js';
import { storeCheck } from '../../src/diagnostics/checks/store.js';
import { isolatedEnv, runBinUnprivileged } from '../helpers/bin.js';
import { testContext } from '../helpers/diagnostics.js';
import { testdir } from '../helpers/testdir.js';
import { editStoreFiles } from '../helpers/store-files.js';

const actor = 'cli:test';
const byId = (results: readonly ReportedResult[]) => Object.fromEntries(results.map((result) => [result.id, result]));

const editStore = (file: string, edit: (doc: Record<string, any>) => void) => editStoreFiles(path.dirname(file), edit);

describe('store check', () => {
  test('no store yet is fine; a missing store with history left behind is a warning', async () => {
    const { context } = testContext();
    const fresh = byId((await runDoctor({}, { context, checks: [storeCheck] })).results);
    expect(fresh['store.file']).toMatchObject({ status: 'ok', message: expect.stringMatching(/no store yet/) });
    expect(fresh['store.parse']).toBeUndefined();

    mkdirSync(context.paths.dir, { recursive: true });
    writeFileSync(context.paths.events, '{"rev":1,"ts":"2026-01-01T00:00:00.000Z","op":"create"}\n');
    const report = await runDoctor({}, { context, checks: [storeCheck] });
    expect(byId(report.results)['store.file']).toMatchObject({ status: 'warn', fix: expect.stringMatching(/db restore/) });
    expect(report.ok).toBe(true);
  });

  test('a healthy store: every line ok, counts by status', async () => {
    const { context, service } = testContext();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B', dependencies: ['a'] }, actor);
    await service.complete('a', { worker: 'w' });
    const report = await runDoctor({}, { context, checks: [storeCheck] });
    expect(report.summary).toEqual({ ok: 8, warn: 0, fail: 0 });
    expect(byId(report.results)['store.history']).toMatchObject({ status: 'ok' });
    expect(byId(report.results)['store.contents']?.details).toMatchObject({ tasks: 2, byStatus: { completed: 1, pending: 1 }, archived: 0 });
  });

  test('a store that does not parse fails with file, line and column and the restore hint', async () => {
    const { context, service, store } = testContext();
    await service.create({ id: 'a', title: 'A' }, actor);
    writeFileSync(store.file, '{\n  "schemaVersion": 1,\n  "revision": 2,,\n}');
    const report = await runDoctor({ fix: true }, { context, checks: [storeCheck] });
    const parse = byId(report.results)['store.parse'];
    expect(parse).toMatchObject({ status: 'fail', details: { file: store.file, line: 3, column: expect.any(Number) } });
    expect(parse?.fix).toMatch(/orchestrator db restore/);
    expect(report.ok).toBe(false);
    expect(report.fixes).toEqual([]);
    expect(readFileSync(store.file, 'utf8')).toBe('{\n  "schemaVersion": 1,\n  "revision": 2,,\n}');
  });

  test('a store that fails validation, and one from a newer version, fail with what is wrong', async () => {
    const { context, service, store } = testContext();
    await service.create({ id: 'a', title: 'A' }, actor);
    await editStore(store.file, (doc) => void (doc.tasks.a.priority = 'whenever'));
    const invalid = byId((await runDoctor({}, { context, checks: [storeCheck] })).results);
    expect(invalid['store.schema']).toMatchObject({ status: 'ok', details: { version: 3 } });
    expect(invalid['store.valid']).toMatchObject({ status: 'fail', message: expect.stringMatching(/tasks\.a\.priority/) });

    await editStore(store.file, (doc) => void (doc.schemaVersion = 9));
    const newer = byId((await runDoctor({}, { context, checks: [storeCheck] })).results);
    expect(newer['store.schema']).toMatchObject({ status: 'fail', details: { version: 9, supported: 3 } });
    expect(newer['store.valid']).toBeUndefined();
  });

  test('sees where events.jsonl and the store disagree, and names the tasks: a claim, a completion, a change without an event', async () => {
    const { context, service, store } = testContext();
    for (const id of ['claimed', 'finished', 'quiet']) await service.create({ id, title: id }, actor);
    await service.start('claimed', { worker: 'w1' });
    await service.complete('finished', { worker: 'w2' });
    await editStore(store.file, (doc) => {
      // The claim's effect lost; the completion credited to someone else; a task nobody made.
      doc.tasks.claimed = { ...doc.tasks.claimed, status: 'pending', assignee: null, lease: null };
      doc.tasks.finished.assignee = 'w9';
      doc.tasks.ghost = { ...doc.tasks.quiet, id: 'ghost', createdAt: new Date(Date.now() + 60_000).toISOString() };
    });
    const report = await runDoctor({}, { context, checks: [storeCheck] });
    const found = byId(report.results)['store.integrity.history-mismatch'];
    expect(found).toMatchObject({ status: 'fail', details: { safeFix: false } });
    const problems = (found?.details?.problems ?? []) as Array<{ taskIds: string[]; message: string }>;
    expect(problems.map((problem) => problem.taskIds[0]).sort()).toEqual(['claimed', 'finished', 'ghost']);
    expect(problems.find((problem) => problem.taskIds[0] === 'claimed')?.message).toMatch(
      /history says claim → in_progress by w1 .*store has it pending/,
    );
    expect(problems.find((problem) => problem.taskIds[0] === 'finished')?.message).toMatch(/finished by w9/);
    expect(problems.find((problem) => problem.taskIds[0] === 'ghost')?.message).toMatch(/no event for it/);
    expect(report.ok).toBe(false);
  });

  test('plants each integrity problem; --fix repairs the safe ones and leaves the rest reported', async () => {
    const { context, service, store, clock } = testContext();
    for (const id of ['a', 'b', 'x', 'y', 'p', 'held']) await service.create({ id, title: id }, actor);
    await service.create({ id: 's', title: 's', parentId: 'p' }, actor);
    await service.start('a', { worker: 'w' });
    await service.start('held', { worker: 'w', leaseSeconds: 3600 });
    await editStore(store.file, (doc) => {
      doc.tasks.b.dependencies = ['ghost'];
      doc.tasks.x.dependencies = ['y'];
      doc.tasks.y.dependencies = ['x'];
      doc.tasks.s.parentId = 'gone';
      doc.tasks.held.assignee = 'stranger';
      doc.tasks.held.lease.owner = 'stranger';
    });
    clock.advance(61_000);

    const found = byId((await runDoctor({}, { context, checks: [storeCheck] })).results);
    expect(found['store.integrity.dangling-dependency']).toMatchObject({ status: 'fail', message: expect.stringMatching(/b depends on ghost/) });
    expect(found['store.integrity.dependency-cycle']).toMatchObject({ status: 'fail', message: expect.stringMatching(/x/) });
    expect(found['store.integrity.expired-lease']).toMatchObject({ status: 'warn', details: { safeFix: true } });
    expect(found['store.integrity.orphaned-subtask']).toMatchObject({ status: 'warn', details: { safeFix: true } });
    expect(found['store.integrity.unknown-assignee']).toMatchObject({ status: 'warn', details: { safeFix: false } });

    const fixed = await runDoctor({ fix: true }, { context, checks: [storeCheck] });
    expect(fixed.fixes.map((record) => [record.status, record.message])).toEqual([
      ['fixed', 'a: expired lease returned (pending again)'],
      ['fixed', 's: detached from missing plan gone'],
    ]);
    const after = byId(fixed.results);
    expect(after['store.integrity.expired-lease']).toBeUndefined();
    expect(after['store.integrity.orphaned-subtask']).toBeUndefined();
    expect(after['store.integrity.dangling-dependency']?.status).toBe('fail');
    expect(after['store.integrity.dependency-cycle']?.status).toBe('fail');
    expect(after['store.integrity.unknown-assignee']?.status).toBe('warn');
    const doc = await store.read();
    expect(doc.tasks.b?.dependencies).toEqual(['ghost']);
    expect(doc.tasks.held).toMatchObject({ status: 'in_progress', assignee: 'stranger' });
    expect(doc.tasks.a).toMatchObject({ status: 'pending', attempts: 1 });
    expect(fixed.ok).toBe(false);
  });

  test('--cleanup-locks alone does not repair the store', async () => {
    const { context, service, store, clock } = testContext();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.start('a', { worker: 'w' });
    clock.advance(61_000);
    const report = await runDoctor({ cleanupLocks: true }, { context, checks: [storeCheck] });
    expect(report.fixes).toEqual([]);
    expect((await store.read()).tasks.a?.status).toBe('in_progress');
  });

  test('large files are reported with the way to shrink them', async () => {
    const { context, service } = testContext();
    await service.create({ id: 'a', title: 'A' }, actor);
    const small = { ...context, thresholds: { storeBytes: 10, eventsBytes: 10 } };
    const found = byId((await runDoctor({}, { context: small, checks: [storeCheck] })).results);
    expect(found['store.contents']).toMatchObject({ status: 'warn', fix: expect.stringMatching(/db optimize/) });
    expect(found['store.events']).toMatchObject({ status: 'warn', fix: expect.stringMatching(/db optimize --keep-days/) });
  });
});

describe('runtime check', () => {
  test('reports the node version against engines, the package and the data directory with its reason', async () => {
    const { context } = testContext();
    const ok = byId((await runDoctor({}, { context, checks: [runtimeCheck] })).results);
    expect(ok['runtime.node']).toMatchObject({ status: 'ok', details: { version: process.version, required: '>=20' } });
    expect(ok['runtime.package']?.message).toMatch(/^orchestrator-mcp \d+\.\d+\.\d+/);
    expect(ok['runtime.data-dir']).toMatchObject({ status: 'ok', details: { dir: context.paths.dir, source: 'flag', exists: false } });

    const old = { ...context, runtime: { ...context.runtime, nodeVersion: 'v18.20.0' } };
    const report = await runDoctor({}, { context: old, checks: [runtimeCheck] });
    expect(byId(report.results)['runtime.node']).toMatchObject({ status: 'fail', fix: expect.stringMatching(/>=20/) });
    expect(report.ok).toBe(false);

    const odd = { ...context, runtime: { ...context.runtime, nodeRange: 'latest' } };
    expect(byId((await runDoctor({}, { context: odd, checks: [runtimeCheck] })).results)['runtime.node']).toMatchObject({ status: 'warn' });
    const either = { ...context, runtime: { ...context.runtime, nodeVersion: 'v22.1.0', nodeRange: '^20.5 || ^22' } };
    expect(byId((await runDoctor({}, { context: either, checks: [runtimeCheck] })).results)['runtime.node']).toMatchObject({ status: 'ok' });
  });

  test('a data directory that is a file fails', async () => {
    const { context } = testContext();
    mkdirSync(path.dirname(context.paths.dir), { recursive: true });
    writeFileSync(context.paths.dir, 'not a directory');
    const found = byId((await runDoctor({}, { context, checks: [runtimeCheck] })).results);
    expect(found['runtime.data-dir']).toMatchObject({ status: 'fail', message: expect.stringMatching(/not a directory/) });
  });

  test('a data directory that cannot be written fails', () => {
    const dir = testdir();
    chmodSync(dir, 0o755);
    const parent = path.join(dir, 'locked');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    try {
      const result = runBinUnprivileged(['doctor', '--json'], isolatedEnv(dir, { ORCHESTRATOR_DATA_DIR: path.join(parent, '.task_orchestrator') }));
      const found = byId(JSON.parse(result.stdout).results);
      expect(found['runtime.data-dir']).toMatchObject({ status: 'fail', message: expect.stringMatching(/not writable/) });
      expect(result.status).toBe(1);
    } finally {
      chmodSync(parent, 0o755);
    }
  });
});
