#!/usr/bin/env node
// `npm run bench [suite...]`: runs every module in bench/suites (or the named ones), prints one table per suite
// and writes bench/results/latest.json. Every figure carries the way it was measured.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(path.join(here, 'suites'))
  .filter((file) => file.endsWith('.mjs'))
  .sort();

const machine = {
  node: process.version,
  platform: `${platform()} ${release()}`,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  // Other work on the machine moves every figure; the load average says how much there was.
  loadAverageAtStart: +loadavg()[0].toFixed(2),
};
const results = { date: new Date().toISOString(), machine, suites: {} };
console.log(`orchestrator benchmarks — ${machine.node}, ${machine.cpus}, ${machine.memory}, load average ${machine.loadAverageAtStart}\n`);

const started = performance.now();
for (const file of files) {
  const suite = await import(path.join(here, 'suites', file));
  if (only.length > 0 && !only.includes(suite.name)) continue;
  const t0 = performance.now();
  const rows = await suite.run();
  results.suites[suite.name] = { title: suite.title, seconds: +((performance.now() - t0) / 1000).toFixed(1), rows };
  printTable(suite.title, rows);
}
results.totalSeconds = +((performance.now() - started) / 1000).toFixed(1);
results.machine.loadAverageAtEnd = +loadavg()[0].toFixed(2);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`total ${results.totalSeconds} s, load average at the end ${results.machine.loadAverageAtEnd}; written to bench/results/latest.json`);

function printTable(title, rows) {
  console.log(title);
  const cells = rows.map((row) => [row.metric, `${row.value} ${row.unit}`.trim(), row.method ?? '']);
  const widths = [0, 1].map((i) => Math.max(...cells.map((cell) => cell[i].length)));
  for (const [metric, value, method] of cells) {
    console.log(`  ${metric.padEnd(widths[0])}  ${value.padStart(widths[1])}  ${method}`);
  }
  console.log('');
}
