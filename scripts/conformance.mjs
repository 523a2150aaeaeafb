// `npm run test:conformance`: the official MCP conformance suite's server scenarios that apply to orchestrator,
// against `orchestrator serve --http` on a temporary store. The suite needs Node 22: the npm package `node` gives
// one, installed with the suite into node_modules/.cache (both from the npm registry, pinned here).
// The other scenarios of the suite call fixtures of its reference server (test_simple_text, test://static-text,
// test_simple_prompt, logging): docs/server.md lists them and why they do not apply.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NODE = 'node@22.23.3';
const SUITE = '@modelcontextprotocol/conformance@0.1.16';
export const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'resources-list',
  'prompts-list',
  'completion-complete',
  'server-sse-multiple-streams',
  'server-sse-polling',
  'dns-rebinding-protection',
];

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tools = path.join(root, 'node_modules', '.cache', 'orchestrator-conformance');
const bin = (name) => path.join(tools, 'node_modules', '.bin', name);

if (!existsSync(bin('conformance')) || !existsSync(bin('node'))) {
  mkdirSync(tools, { recursive: true });
  writeFileSync(path.join(tools, 'package.json'), '{"private": true}\n');
  console.error(`installing ${NODE} and ${SUITE} into ${path.relative(root, tools)}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', tools, NODE, SUITE], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const dir = mkdtempSync(path.join(tmpdir(), 'orchestrator-conformance-'));
const env = { ...process.env, HOME: dir, ORCHESTRATOR_HOME: path.join(dir, 'home'), ORCHESTRATOR_DATA_DIR: path.join(dir, 'data') };
const server = spawn(process.execPath, [path.join(root, 'bin', 'orchestrator.js'), 'serve', '--http', '--port', '0'], {
  env,
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`serve --http did not start: ${stderr}`)), 15_000);
  server.stderr.on('data', (chunk) => {
    stderr += chunk;
    const found = /MCP over HTTP at (\S+)/.exec(stderr);
    if (found) {
      clearTimeout(timer);
      resolve(found[1]);
    }
  });
});

const results = [];
try {
  for (const scenario of SCENARIOS) {
    const output = path.join(dir, 'results', scenario);
    let text = '';
    try {
      text = execFileSync(bin('node'), [bin('conformance'), 'server', '--url', url, '--scenario', scenario, '--output-dir', output], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      });
    } catch (error) {
      text = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    }
    const counts = /Passed: (\d+)\/(\d+), (\d+) failed(?:, (\d+) warnings)?/.exec(text.replace(/\x1b\[[0-9;]*m/g, ''));
    const [passed, total, failed, warnings] = counts ? counts.slice(1).map((n) => Number(n ?? 0)) : [0, 0, 1, 0];
    const notes = [...text.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/(WARNING|FAILURE)\s+(.+)/g)].map(
      (match) => `${match[1].toLowerCase()}: ${match[2].trim()}`,
    );
    results.push({ scenario, passed, total, failed, warnings, notes });
  }
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

console.log('| scenario | checks passed | failed | warnings | notes |');
console.log('|---|---:|---:|---:|---|');
for (const r of results) console.log(`| ${r.scenario} | ${r.passed}/${r.total} | ${r.failed} | ${r.warnings} | ${r.notes.join('; ')} |`);
process.exitCode = results.some((r) => r.failed > 0) ? 1 : 0;
