import { dataPaths, holderRunning } from '../../src/store/index.js';
import { DEFAULT_THRESHOLDS, runtimeFacts, type DiagnosticsContext, type Machine } from '../../src/diagnostics/index.js';
import { testMachine, type TestMachine } from './installer.js';
import { binPath } from './bin.js';
import { testFileService } from './service.js';

/**
 * The machine of an installer test machine (a Linux home, project and PATH inside a temporary folder), whose
 * servers start with this Node and the repository's bin/orchestrator.js (the build).
 */
export function machineFacts(machine: TestMachine = testMachine(), overrides: Partial<Machine> = {}): Machine {
  return {
    env: machine.env,
    spec: { platform: 'linux', nodePath: process.execPath, binPath },
    desktopPath: '',
    handshakeTimeoutMs: 15_000,
    ...overrides,
  };
}

/**
 * A diagnostics context on a fresh data directory whose `now` is the service's controllable clock. Tests of
 * locks pass `now: () => new Date()`: a lock's age comes from file times, which follow the real clock.
 */
export function testContext(overrides: Partial<DiagnosticsContext> = {}) {
  const setup = testFileService({ leaseSeconds: 60 });
  const context: DiagnosticsContext = {
    dataDir: { dir: setup.dir, source: 'flag', reason: 'given with --data-dir' },
    paths: dataPaths(setup.dir),
    service: setup.service,
    lock: { staleMs: 2_000, waitMs: 3_000 },
    now: setup.clock,
    actor: 'cli:test',
    runtime: runtimeFacts(),
    thresholds: DEFAULT_THRESHOLDS,
    isAlive: holderRunning,
    clients: [],
    machine: machineFacts(),
    ...overrides,
  };
  return { ...setup, context };
}
