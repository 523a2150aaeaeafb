import path from 'node:path';
import { onTestFinished } from 'vitest';
import { openStore, openTaskStore, TaskService, type TaskServiceSettings, type TaskStore } from '../../src/core/index.js';
import { freshStoreUrl } from './postgres.js';
import { testdir } from './testdir.js';

export interface TestClock {
  (): Date;
  advance(ms: number): void;
}

/** A clock that only moves when told to. */
export function testClock(start = '2026-01-01T00:00:00.000Z'): TestClock {
  let now = Date.parse(start);
  const clock = (() => new Date(now)) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/**
 * A TaskService on a fresh data directory, with a controllable clock: on the file store, or on a store of its
 * own in PostgreSQL when the postgres project runs the suite (ORCHESTRATOR_TEST_STORE=postgres).
 */
export function testService(settings: Partial<TaskServiceSettings> = {}) {
  const dir = path.join(testdir(), '.task_orchestrator');
  const clock = testClock();
  const lock = { staleMs: 2_000, waitMs: 5_000 };
  const store: TaskStore =
    process.env.ORCHESTRATOR_TEST_STORE === 'postgres' ? openStore(dir, freshStoreUrl(), { clock, lock }) : openTaskStore(dir, { clock, lock });
  onTestFinished(() => store.close());
  const service = new TaskService(store, settings, clock, { dataDir: dir });
  return { dir, clock, store, service };
}

/** A TaskService on the file store of a fresh data directory, for tests of what only files have. */
export function testFileService(settings: Partial<TaskServiceSettings> = {}) {
  const dir = path.join(testdir(), '.task_orchestrator');
  const clock = testClock();
  const store = openTaskStore(dir, { clock, lock: { staleMs: 2_000, waitMs: 5_000 } });
  const service = new TaskService(store, settings, clock);
  return { dir, clock, store, service };
}
