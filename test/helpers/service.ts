import path from 'node:path';
import { openTaskStore, TaskService, type TaskServiceSettings } from '../../src/core/index.js';
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

/** A TaskService on a fresh data directory, with a controllable clock. */
export function testService(settings: Partial<TaskServiceSettings> = {}) {
  const dir = path.join(testdir(), '.task_orchestrator');
  const clock = testClock();
  const store = openTaskStore(dir, { clock, lock: { staleMs: 2_000, waitMs: 5_000 } });
  const service = new TaskService(store, settings, clock);
  return { dir, clock, store, service };
}
