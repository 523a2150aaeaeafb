import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { blankTask } from '../../src/core/operations/create.js';
import { testClock } from '../helpers/service.js';
import { testdir } from '../helpers/testdir.js';

describe('store schema migrations', () => {
  test('a version 1 store (before the journal and the request ids) opens, and its next change writes version 3 after a backup', async () => {
    const dir = path.join(testdir(), '.task_orchestrator');
    mkdirSync(dir, { recursive: true });
    const task = blankTask('a', 'A', '2026-01-01T00:00:00.000Z');
    const v1 = { schemaVersion: 1, revision: 3, counters: { task: 1 }, tasks: { a: task }, workers: {}, sessions: {}, archived: {} };
    writeFileSync(path.join(dir, 'store.json'), JSON.stringify(v1, null, 2));
    const service = new TaskService(openTaskStore(dir, { clock: testClock() }), {}, testClock());
    await expect(service.snapshot()).resolves.toMatchObject({ schemaVersion: 3, requests: {}, tasks: { a: { title: 'A' } } });
    await service.update('a', { title: 'A2' }, 'cli:test');
    const reopened = new TaskService(openTaskStore(dir, { clock: testClock() }), {}, testClock());
    await expect(reopened.snapshot()).resolves.toMatchObject({ schemaVersion: 3, requests: {}, tasks: { a: { title: 'A2' } } });
    expect(JSON.parse(readFileSync(path.join(dir, 'store.json'), 'utf8')).schemaVersion).toBe(3);
    expect(existsSync(path.join(dir, 'backups'))).toBe(true);
    const backups = readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'backups', backups[0]!), 'utf8')).schemaVersion).toBe(1);
  });
});
