import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installerEnv, type InstallerEnv, type SpecContext } from '../../src/installer/index.js';
import { onTestFinished } from 'vitest';
import { testdir } from './testdir.js';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const fakeServer = path.join(fixtures, 'fake-mcp-server.mjs');

/** A deterministic entry: the same Node and bin paths whatever machine runs the tests. */
export const CONTEXT: SpecContext = { platform: 'linux', nodePath: '/usr/local/bin/node', binPath: '/opt/orchestrator/bin/orchestrator.js' };

export interface TestMachine {
  root: string;
  home: string;
  project: string;
  orchestratorHome: string;
  /** The only folder on PATH: empty unless a fake `claude` is put there. */
  bin: string;
  env: InstallerEnv;
}

/** A Linux machine in a temporary folder: `files` are relative to it (home/…, project/…). */
export function testMachine(files: Record<string, string> = {}): TestMachine {
  const root = testdir(files);
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  const orchestratorHome = path.join(root, 'orchestrator-home');
  const bin = path.join(root, 'bin');
  for (const dir of [home, project, bin]) mkdirSync(dir, { recursive: true });
  const env = installerEnv(
    { platform: 'linux', home, cwd: project, pathEnv: bin, orchestratorHome, xdgConfigHome: path.join(home, '.config'), claudeConfigDir: undefined },
    {},
  );
  return { root, home, project, orchestratorHome, bin, env };
}

/**
 * Puts a fake `claude` on the machine's PATH; its calls are logged to the returned file. The installer runs it
 * with the machine's HOME, so it only ever writes inside the test folder.
 */
export function installFakeClaude(machine: TestMachine): { log: string } {
  const log = path.join(machine.root, 'claude-calls.jsonl');
  process.env.FAKE_CLAUDE_LOG = log;
  onTestFinished(() => {
    delete process.env.FAKE_CLAUDE_LOG;
  });
  const script = path.join(machine.bin, 'claude');
  writeFileSync(script, `#!${process.execPath}\nimport(${JSON.stringify(path.join(fixtures, 'fake-claude.mjs'))});\n`);
  chmodSync(script, 0o755);
  return { log };
}

export function readCalls(log: string): string[][] {
  try {
    return readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { args: string[] }).args);
  } catch {
    return [];
  }
}

/** Every file under `dir` with its bytes, to prove that nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'latin1');
    }
  };
  walk(dir);
  return files;
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}
