// Shared measuring helpers for bench/suites. Everything is measured in this process or in child processes of it;
// figures are medians of several runs after warm-up runs that are thrown away.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bin = path.join(root, 'bin', 'orchestrator.js');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (value, digits = 2) => Number(value.toFixed(digits));

/** Runs `fn` warmup + runs times and returns the durations of the measured runs in ms. */
export async function timeRuns(fn, { runs, warmup = 2 }) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return times;
}

/** Wall time of a whole process, start to exit, in ms. */
export function timeProcess(command, args, options = {}) {
  const t0 = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return performance.now() - t0;
}

const tempDirs = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the process exits. */
export function tempDir(prefix = 'orchestrator-bench-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Environment for child processes that keeps them away from the real home directory. */
export function isolatedEnv(dir, extra = {}) {
  return {
    ...process.env,
    HOME: dir,
    ORCHESTRATOR_HOME: path.join(dir, 'home'),
    ORCHESTRATOR_DATA_DIR: path.join(dir, 'data'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** Loads the built library (run `npm run build` first; `npm run bench` does). */
export async function loadCore() {
  return import(path.join(root, 'dist', 'core', 'index.js'));
}

/** Creates `count` tasks in the data directory in batches: a realistic mix of roles, dependencies and plans. */
export async function seedTasks(dataDir, count, { batch = 1000 } = {}) {
  const { openTaskStore, TaskService } = await loadCore();
  const service = new TaskService(openTaskStore(dataDir));
  const roles = ['architect', 'implementer', 'tester', 'documenter', 'reviewer'];
  for (let start = 0; start < count; start += batch) {
    const inputs = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      inputs.push({
        id: `s${i}`,
        title: `Seeded task ${i}`,
        description: `A seeded task with a description of realistic length: do step ${i} of the project, write tests, and summarise.`,
        role: roles[i % roles.length],
        // Every tenth task waits for the one before it, so the graph is not flat.
        dependencies: i % 10 === 9 ? [`s${i - 1}`] : [],
        tags: ['seed'],
      });
    }
    await service.createMany(inputs, 'bench');
  }
  return service;
}
