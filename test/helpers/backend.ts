import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { openStore, openTaskStore, type TaskService, type TaskStore } from '../../src/core/index.js';

/** Whether this run puts the stores in PostgreSQL (the postgres project of vitest.config.ts). */
export const onPostgres = process.env.ORCHESTRATOR_TEST_STORE === 'postgres';

/** A second store on the same place as `store`, as another process would open it. */
export function reopen(store: TaskStore, dataDir: string): TaskStore {
  const other = store.backend === 'postgres' ? openStore(dataDir, urlOf(store), {}) : openTaskStore(dataDir);
  onTestFinished(() => other.close());
  return other;
}

/** The artifact ids `owner` has in the store, whatever keeps them. */
export async function artifactIds(service: TaskService, owner: string): Promise<string[]> {
  return (await service.store.exportContents()).artifacts.filter((artifact) => artifact.owner === owner).map((artifact) => artifact.id);
}

/**
 * Damages the store so that it no longer reads: garbage in store.json, or a row that is not a task in the
 * database. Returns what the error says on that backend.
 */
export async function breakStore(service: TaskService, dataDir: string): Promise<{ code: string; message: RegExp }> {
  if (service.store.backend === 'file') {
    writeFileSync(path.join(dataDir, 'store.json'), '{ "schemaVersion": 1, ');
    return { code: 'STORE_CORRUPT', message: /does not parse at line 1/ };
  }
  const url = new URL(urlOf(service.store));
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`UPDATE "${schema}".orchestrator_entries SET value = '{"id": 7}', rev = rev + 1000`);
    await client.query(`UPDATE "${schema}".orchestrator_meta SET revision = revision + 1000`);
  } finally {
    await client.end();
  }
  return { code: 'STORE_INVALID', message: /is not a valid store/ };
}

/** The URL a PostgreSQL store was opened with, password included (tests only). */
function urlOf(store: TaskStore): string {
  const url = (store as unknown as { url?: string }).url;
  if (!url) throw new Error('this store does not say its URL');
  return url;
}
