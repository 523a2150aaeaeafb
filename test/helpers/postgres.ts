import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { openStore, TaskService, type TaskServiceSettings, type TaskStore } from '../../src/core/index.js';
import { testClock } from './service.js';
import { testdir } from './testdir.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/** The throwaway cluster's superuser URL (started once per run by test/helpers/postgres-setup.ts). */
export function postgresAdminUrl(): string {
  const url = inject('postgresAdminUrl');
  if (!url) throw new Error('No PostgreSQL cluster for this run: the postgres project starts one (see vitest.config.ts).');
  return url;
}

/** A store URL in a schema of its own, so that every test starts from an empty store. */
export function freshStoreUrl(): string {
  const url = new URL(postgresAdminUrl());
  url.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
  return url.toString();
}

/** A PostgreSQL store (and a data directory for the rest), closed when the test ends. */
export function openTestStore(url = freshStoreUrl(), options: { clock?: () => Date; lock?: { staleMs: number; waitMs: number } } = {}): TaskStore {
  const store = openStore(testdir(), url, {
    lock: options.lock ?? { staleMs: 2_000, waitMs: 15_000 },
    ...(options.clock && { clock: options.clock }),
  });
  onTestFinished(() => store.close());
  return store;
}

/** Like testService, on PostgreSQL. */
export function testPgService(settings: Partial<TaskServiceSettings> = {}) {
  const clock = testClock();
  const url = freshStoreUrl();
  const dir = testdir();
  const store = openStore(dir, url, { clock, lock: { staleMs: 2_000, waitMs: 15_000 } });
  onTestFinished(() => store.close());
  const service = new TaskService(store, settings, clock, { dataDir: dir });
  return { dir, url, clock, store, service };
}

/** Runs SQL in a store's schema (made if missing), as an administrator would. */
export async function admin<R>(url: string, run: (client: pg.Client) => Promise<R>): Promise<R> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema')!;
  parsed.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path = "${schema}"`);
    return await run(client);
  } finally {
    await client.end();
  }
}
