#!/usr/bin/env node
// `node bench/startup-phases.mjs [runs]` (after `npm run build`): where the milliseconds of an `orchestrator serve`
// start go, from process start to tools/list answered: the median of each phase over fresh processes on an empty
// store (2 warm-up starts thrown away). Phases are noted by bench/startup-phases-preload.cjs.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { bin, isolatedEnv, median, root, tempDir, timeProcess } from './lib.mjs';

const RUNS = Number(process.argv[2] ?? 15);
const preload = path.join(root, 'bench', 'startup-phases-preload.cjs');
const message = (body) => `${JSON.stringify({ jsonrpc: '2.0', ...body })}\n`;

function start(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, bin, 'serve'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (/"id":1[,}]/.test(stdout) && !stdout.includes('"asked"')) {
        stdout += '"asked"';
        child.stdin.end(message({ method: 'notifications/initialized' }) + message({ id: 2, method: 'tools/list' }));
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      const phases = /PHASES (.*)/.exec(stderr);
      if (!phases) reject(new Error(`no phases from serve:\n${stderr}`));
      else resolve(JSON.parse(phases[1]));
    });
    child.stdin.write(
      message({
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'phases', version: '1' } },
      }),
    );
  });
}

const load = loadavg()[0];
const env = isolatedEnv(tempDir());
const runs = [];
const bare = [];
// node -e 0 just before each start, so that both see the same load.
for (let i = 0; i < RUNS + 2; i++) {
  bare.push(timeProcess(process.execPath, ['-e', '0']));
  runs.push(await start(env));
}
runs.splice(0, 2);
bare.splice(0, 2);
console.log(`orchestrator serve start-up by phase: median of ${RUNS} fresh processes, Node ${process.version}, load average ${load.toFixed(2)}`);
let previous = 0;
for (let i = 0; i < runs[0].length; i++) {
  const label = runs[0][i][0];
  const step = median(runs.map((marks) => marks[i][1] - (i === 0 ? 0 : marks[i - 1][1])));
  const at = median(runs.map((marks) => marks[i][1]));
  console.log(`  ${label.padEnd(38)} ${step.toFixed(1).padStart(6)} ms   (at ${at.toFixed(1)} ms)`);
  previous = at;
}
console.log(`  ${'total to tools/list'.padEnd(38)} ${previous.toFixed(1).padStart(6)} ms`);
console.log(`  ${'node -e 0, spawn to exit'.padEnd(38)} ${median(bare).toFixed(1).padStart(6)} ms`);
