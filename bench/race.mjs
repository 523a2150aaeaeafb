#!/usr/bin/env node
// `npm run bench:race`: the race table of docs/benchmarks.md. N processes race for the one ready task of each round,
// N = 2, 8 and 32, over 10,000 races in all, then rounds spoiled on purpose: a racer SIGKILLed mid-race, a racer
// frozen with SIGSTOP inside the lock past the stale timeout, and the lock holder killed while 8 others wait.
// Counts, not timings: every figure is how many times a promise was broken (must be 0).
// `--rounds-scale 0.1` runs a tenth of every row (a quick look); the table records the scale it ran at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { isolatedEnv, root, tempDir } from './lib.mjs';
import { runRaces } from './race-harness.mjs';

const scaleArg = process.argv.indexOf('--rounds-scale');
const scale = scaleArg === -1 ? 1 : Number(process.argv[scaleArg + 1]);
const ROWS = [
  { racers: 2, rounds: 5_000, mode: 'plain' },
  { racers: 8, rounds: 3_500, mode: 'plain' },
  { racers: 32, rounds: 1_500, mode: 'plain' },
  { racers: 8, rounds: 300, mode: 'kill' },
  { racers: 8, rounds: 200, mode: 'dead-holder' },
  { racers: 8, rounds: 40, mode: 'stop' },
];
const WHAT = {
  plain: 'all told to claim at the same moment',
  kill: 'one racer SIGKILLed 0-4 ms into each race (holding the lock or not)',
  'dead-holder': 'one process holds the lock, 8 wait for it, the holder is SIGKILLed',
  stop: 'one racer frozen with SIGSTOP inside the lock for 2.5 s (stale timeout 2 s), then resumed',
};

const started = Date.now();
const load = [loadavg()[0]];
const results = [];
console.log(`race table: ${ROWS.map((row) => `${Math.max(1, Math.round(row.rounds * scale))} × ${row.mode} (N=${row.racers})`).join(', ')}\n`);
for (const row of ROWS) {
  const dir = tempDir('orchestrator-race-');
  const rounds = Math.max(1, Math.round(row.rounds * scale));
  const t0 = Date.now();
  const stats = await runRaces({ dataDir: path.join(dir, 'data'), env: isolatedEnv(dir), racers: row.racers, rounds, mode: row.mode });
  const result = { ...stats, seconds: Math.round((Date.now() - t0) / 100) / 10 };
  results.push(result);
  console.log(`${row.mode} N=${row.racers}: ${JSON.stringify(result)}`);
}
load.push(loadavg()[0]);

const races = results.reduce((sum, row) => sum + row.races, 0);
const lines = [
  '| N racers | rounds | what happens in each round | more than one winner | acknowledged claims lost | acknowledged completions lost | claimed twice in events.jsonl |',
  '|---:|---:|---|---:|---:|---:|---:|',
  ...results.map(
    (row) =>
      `| ${row.racers} | ${row.races.toLocaleString('en')} | ${WHAT[row.mode]} | ${row.multipleWinners} | ${row.lostClaims} | ${row.lostCompletions} | ${row.doubleClaimsInLog} |`,
  ),
  '',
  `${races.toLocaleString('en')} races in ${Math.round((Date.now() - started) / 1000)} s, load average ${load.map((n) => n.toFixed(1)).join(' → ')}${scale === 1 ? '' : `, rounds scaled by ${scale}`}.`,
];
console.log(`\n${lines.join('\n')}`);
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench', 'results', 'race.json'),
  `${JSON.stringify({ date: new Date().toISOString(), scale, load, results }, null, 2)}\n`,
);
writeFileSync(path.join(root, 'bench', 'results', 'race.md'), `${lines.join('\n')}\n`);
const broken = results.some((row) => row.multipleWinners + row.lostClaims + row.lostCompletions + row.doubleClaimsInLog + row.unclaimed > 0);
if (broken) {
  console.error('A promise was broken: see the table.');
  process.exitCode = 1;
}
