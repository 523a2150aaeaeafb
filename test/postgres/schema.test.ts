import { describe, expect, test } from 'vitest';
import { TaskService } from '../../src/core/index.js';
import { blankTask } from '../../src/core/operations/create.js';
import { TABLE_STEPS, TABLES_VERSION } from '../../src/store/pg/sql.js';
import { rejection } from '../helpers/errors.js';
import { admin, freshStoreUrl, openTestStore } from '../helpers/postgres.js';

describe('the tables in the database', () => {
  test('are created on first use, at the current version', async () => {
    const url = freshStoreUrl();
    await new TaskService(openTestStore(url)).create({ id: 'a', title: 'A' }, 'test');
    await admin(url, async (client) => {
      expect((await client.query('SELECT tables_version, revision FROM orchestrator_meta')).rows).toEqual([
        { tables_version: TABLES_VERSION, revision: '1' },
      ]);
    });
  });

  test('older ones are copied, then migrated forward on open, keeping what they hold', async () => {
    const url = freshStoreUrl();
    await admin(url, async (client) => {
      for (const statement of TABLE_STEPS[0]!) await client.query(statement);
      await client.query(
        `INSERT INTO orchestrator_meta (tables_version, revision, header) VALUES (1, 1, '{"schemaVersion":2,"counters":{"task":0}}')`,
      );
      const task = blankTask('old', 'From version 1', '2026-01-01T00:00:00.000Z');
      await client.query(`INSERT INTO orchestrator_entries (collection, key, value, rev) VALUES ('tasks', 'old', $1, 1)`, [JSON.stringify(task)]);
    });
    const service = new TaskService(openTestStore(url));
    expect((await service.get('old')).task.title).toBe('From version 1');
    await service.complete('old', { worker: 'w' });
    await admin(url, async (client) => {
      expect((await client.query('SELECT tables_version FROM orchestrator_meta')).rows[0].tables_version).toBe(TABLES_VERSION);
      expect((await client.query('SELECT count(*)::int AS n FROM orchestrator_commits')).rows[0].n).toBe(1);
      expect((await client.query(`SELECT key FROM orchestrator_backup_v1_entries`)).rows).toEqual([{ key: 'old' }]);
    });
  });

  test('newer ones are refused with the command to upgrade, and left alone', async () => {
    const url = freshStoreUrl();
    await new TaskService(openTestStore(url)).create({ id: 'a', title: 'A' }, 'test');
    await admin(url, (client) => client.query('UPDATE orchestrator_meta SET tables_version = 99').then(() => undefined));
    const error = await rejection(new TaskService(openTestStore(url)).list());
    expect(error.code).toBe('STORE_VERSION');
    expect(error.message).toMatch(/version 99, newer than this orchestrator knows/);
    expect(error.hint).toMatch(/npm i -g orchestrator-mcp@latest/);
    await admin(url, async (client) => {
      expect((await client.query('SELECT tables_version FROM orchestrator_meta')).rows[0].tables_version).toBe(99);
    });
  });
});
