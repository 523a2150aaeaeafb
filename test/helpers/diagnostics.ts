import { hostname } from 'node:os';
import { dataPaths } from '../../src/store/index.js';
import { DEFAULT_THRESHOLDS, runtimeFacts, type DiagnosticsContext } from '../../src/diagnostics/index.js';
import { processAlive } from '../../src/diagnostics/lock-state.js';
import { testService } from './service.js';

/**
 * A diagnostics context on a fresh data directory whose `now` is the service's controllable clock. Tests of
 * locks pass `now: () => new Date()`: a lock's age comes from file times, which follow the real clock.
 */
export function testContext(overrides: Partial<DiagnosticsContext> = {}) {
  const setup = testService({ leaseSeconds: 60 });
  const context: DiagnosticsContext = {
    dataDir: { dir: setup.dir, source: 'flag', reason: 'given with --data-dir' },
    paths: dataPaths(setup.dir),
    service: setup.service,
    lock: { staleMs: 2_000, waitMs: 3_000 },
    now: setup.clock,
    actor: 'cli:test',
    runtime: runtimeFacts(),
    thresholds: DEFAULT_THRESHOLDS,
    hostname: hostname(),
    isAlive: processAlive,
    clients: [],
    ...overrides,
  };
  return { ...setup, context };
}
