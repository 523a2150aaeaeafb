import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { dataPaths } from '../../src/store/index.js';
import { readSnapshot, runBackup, runOptimize, runRestore } from '../../src/db/index.js';
import { testFileService } from '../helpers/service.js';
import { storeFilesBytes } from '../helpers/store-files.js';

const actor = 'cli:test';
const DAY = 86_400_000;

describe('runOptimize', () => {
  test('reports counts and bytes before and after; a dry run reports no after and changes nothing', async () => {
    const { service, clock, dir, store } = testFileService();
    for (let i = 0; i < 6; i++) await service.create({ id: `t${i}`, title: `task ${i}` }, actor);
    for (let i = 0; i < 4; i++) await service.complete(`t${i}`, { worker: 'w' });
    clock.advance(40 * DAY);
    const deps = { service, paths: dataPaths(dir), actor };

    const before = storeFilesBytes(dir);
    const dry = await runOptimize({ olderThanMs: 30 * DAY, keepEvents: { withinMs: 30 * DAY }, dryRun: true }, deps);
    expect(dry).toMatchObject({ dryRun: true, archivedTasks: ['t0', 't1', 't2', 't3'], eventsMoved: 10 });
    expect(dry.after).toBeUndefined();
    expect(storeFilesBytes(dir)).toEqual(before);

    const report = await runOptimize({ olderThanMs: 30 * DAY, keepEvents: { withinMs: 30 * DAY }, dryRun: false }, deps);
    expect(report.before).toMatchObject({ tasks: 6, archived: 0, events: 10, byStatus: { completed: 4, pending: 2 }, archiveBytes: 0 });
    expect(report.after).toMatchObject({ tasks: 2, archived: 4, byStatus: { completed: 0, pending: 2 } });
    // What is left in the log: the four archive events and the optimize event.
    expect(report.after!.events).toBe(5);
    // Folded: the snapshot holds everything, the journal only its first line.
    expect(report.after!.storeBytes).toBe(statSync(store.file).size + statSync(path.join(dir, 'journal.jsonl')).size);
    expect(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n')).toHaveLength(2);
    expect(report.after!.storeBytes).toBeLessThan(report.before.storeBytes);
    expect(report.after!.eventsBytes).toBe(statSync(path.join(dir, 'events.jsonl')).size);
    expect(report.after!.archiveBytes).toBeGreaterThan(report.before.eventsBytes);
  });
});

describe('backup and restore', () => {
  test('a backup goes to backups/ by default; a restore validates first and keeps what it replaces', async () => {
    const { service, dir, store } = testFileService();
    const now = () => new Date('2026-03-04T05:06:07.089Z');
    const deps = { service, paths: dataPaths(dir), now, actor };
    await service.create({ title: 'kept' }, actor);
    const backup = await runBackup({}, deps);
    expect(backup).toMatchObject({ file: path.join(dir, 'backups', 'store-2026-03-04T05-06-07-089Z.json'), revision: 1, tasks: 1 });

    await service.create({ title: 'dropped' }, actor);
    expect(readSnapshot(backup.file, deps).summary).toMatchObject({ tasks: 1, revision: 1 });
    const report = await runRestore(backup.file, deps);
    expect(report).toMatchObject({ revision: 3, backup: path.join(dir, 'backups', 'store-before-restore-2026-03-04T05-06-07-089Z.json') });
    expect(JSON.parse(readFileSync(report.backup!, 'utf8')).tasks.t2.title).toBe('dropped');
    expect(Object.values((await store.read()).tasks).map((task) => task.title)).toEqual(['kept']);
  });

  test('a snapshot that is missing or invalid is refused and the store stays as it was', async () => {
    const { service, dir, store } = testFileService();
    const deps = { service, paths: dataPaths(dir), now: () => new Date(), actor };
    await service.create({ title: 'kept' }, actor);
    const before = readFileSync(store.file, 'utf8');
    expect(() => readSnapshot(path.join(dir, 'nope.json'), deps)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const invalid = path.join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...JSON.parse(before), tasks: { t1: { id: 't1' } } }));
    await expect(runRestore(invalid, deps)).rejects.toMatchObject({ code: 'STORE_INVALID', message: expect.stringContaining(invalid) });
    expect(readFileSync(store.file, 'utf8')).toBe(before);
  });
});
