#!/usr/bin/env node
// `node bench/markdown.mjs [results.json]`: the figures of a benchmark run as markdown tables, for
// docs/benchmarks.md. Reads bench/results/latest.json unless given another file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.join(here, 'results', 'latest.json');
const results = JSON.parse(readFileSync(file, 'utf8'));
const { machine } = results;

const lines = [
  `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC: Node ${machine.node}, ${machine.platform}, ${machine.cpus}, ` +
    `${machine.memory}; load average ${machine.loadAverageAtStart ?? '?'} at the start, ${machine.loadAverageAtEnd ?? '?'} at the end; ` +
    `${results.totalSeconds} s in all.`,
  '',
];
for (const [name, suite] of Object.entries(results.suites)) {
  lines.push(`**${suite.title}** (\`${name}\`, ${suite.seconds} s)`, '', '| metric | value | how |', '|---|---:|---|');
  for (const row of suite.rows) lines.push(`| ${row.metric} | ${row.value} ${row.unit} | ${row.method ?? ''} |`);
  lines.push('');
}
process.stdout.write(`${lines.join('\n')}`);
