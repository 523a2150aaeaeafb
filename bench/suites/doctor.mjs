// What the doctor's server and client checks cost: the built `orchestrator serve` started over stdio the way the
// server check starts it (this Node, bin/orchestrator.js, --data-dir, a small environment), timed to the answer
// to `initialize` and to `tools/list`; and a whole `orchestrator doctor` run with one client configured.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, isolatedEnv, median, percentile, root, round, seedTasks, tempDir, timeProcess, timeRuns } from '../lib.mjs';

export const name = 'doctor';
export const title = 'Doctor: server check handshake (built serve over stdio), whole doctor run';

const RUNS = 15;
const WARMUP = 2;

export async function run() {
  const installer = await import(path.join(root, 'dist', 'installer', 'index.js'));
  const context = {
    platform: process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux',
    nodePath: process.execPath,
    binPath: bin,
  };
  const rows = [];
  for (const tasks of [0, 1000]) {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    if (tasks > 0) await seedTasks(dataDir, tasks);
    const spec = installer.buildServerSpec({ launcher: 'node', dataDir }, context);
    const answers = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const answer = await installer.verifyServer(spec, {
        cwd: dir,
        baseEnv: { HOME: dir, PATH: process.env.PATH ?? '' },
        call: 'orchestrator_health_check',
      });
      if (!answer.ok) throw new Error(`serve did not answer: ${answer.message}`);
      if (i >= WARMUP) answers.push(answer);
    }
    const method = `${RUNS} starts after ${WARMUP} warm-up, median (p90 ${'%'}); store with ${tasks} tasks; from spawn`;
    const init = answers.map((answer) => answer.ms);
    const list = answers.map((answer) => answer.listMs);
    rows.push({
      metric: `server check, ${tasks} tasks: initialize`,
      value: round(median(init), 0),
      unit: 'ms',
      method: method.replace('%', `${round(percentile(init, 90), 0)} ms`),
    });
    rows.push({
      metric: `server check, ${tasks} tasks: initialize + tools/list`,
      value: round(median(list), 0),
      unit: 'ms',
      method: method.replace('%', `${round(percentile(list, 90), 0)} ms`),
    });
  }

  // A whole doctor run: runtime, store, locks, the server check and one client (Cursor, installed) with its handshake.
  const dir = tempDir();
  const home = path.join(dir, 'home-dir');
  mkdirSync(path.join(home, '.cursor'), { recursive: true });
  writeFileSync(path.join(home, '.cursor', 'mcp.json'), '{}\n');
  const env = installer.installerEnv(
    {
      platform: context.platform,
      home,
      cwd: dir,
      pathEnv: '',
      orchestratorHome: path.join(dir, 'oh'),
      xdgConfigHome: path.join(home, '.config'),
      claudeConfigDir: undefined,
    },
    {},
  );
  await installer.runInstall(
    { clients: ['cursor'], scope: 'user', name: 'task-orchestrator', launcher: 'node', dryRun: false, verify: false },
    { env, context },
  );
  const childEnv = isolatedEnv(dir, {
    HOME: home,
    ORCHESTRATOR_HOME: path.join(dir, 'oh'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    PATH: path.join(dir, 'empty-bin'),
  });
  const whole = await timeRuns(() => timeProcess(process.execPath, [bin, 'doctor', '--json'], { env: childEnv, cwd: dir }), { runs: 5, warmup: 1 });
  rows.push({
    metric: 'orchestrator doctor (server + 1 client)',
    value: round(median(whole), 0),
    unit: 'ms',
    method: '5 runs after 1 warm-up, median; wall time of the process, two serve handshakes included',
  });
  return rows;
}
