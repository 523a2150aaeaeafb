import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyServer } from '../../src/installer/index.js';
import { repoRoot } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

// What `npm i -g orchestrator-mcp` and `npx orchestrator-mcp install` get: the tarball `npm pack` makes, installed
// with no network (npm --offline: every dependency must come from the lock file's exact versions in npm's cache,
// which the checkout's own `npm ci` filled), then run as a user would.

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** npm reads its cache in the real home; its logs and update checks stay out of it. */
function npm(args: string[], cwd: string): string {
  const env = { ...process.env, npm_config_logs_dir: path.join(root, 'npm-logs'), npm_config_update_notifier: 'false' };
  return execFileSync(NPM, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

interface Packed {
  filename: string;
  files: Array<{ path: string }>;
}

let root: string;
let packed: Packed;

/**
 * A folder that depends on the tarball alone, with a lock file made from the checkout's: the tarball's entry plus
 * every non-development package at the exact version, integrity and place the checkout has. `npm ci --offline`
 * then installs exactly what a user's `npm i` would resolve today, from the cache.
 */
function installTarball(dir: string): string {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const tarball = `file:${path.join(root, packed.filename)}`;
  const { dependencies, bin, engines, license } = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { [pkg.name]: tarball } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: tarball, license, dependencies, bin, engines },
  };
  // The checkout's lock file may leave out `resolved` (npm then asks the registry where each tarball is); with
  // --offline it must say, and the tarball then comes from the cache by its integrity.
  const registry = npm(['config', 'get', 'registry'], repoRoot).trim().replace(/\/?$/, '/');
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const tarball = `${registry}${name}/-/${name.split('/').pop()}-${String(entry.version)}.tgz`;
    packages[where] = entry.resolved || entry.link || !entry.version ? entry : { ...entry, resolved: tarball };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: { [pkg.name]: tarball } }));
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }));
  npm(['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return path.join(dir, 'node_modules', pkg.name, 'bin', 'orchestrator.js');
}

/** A fresh user: home, project and PATH inside the test folder. */
function user(extraPath: string[] = []) {
  const home = path.join(testdir(), 'home');
  const project = path.join(home, 'project');
  mkdirSync(project, { recursive: true });
  const env = {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    ORCHESTRATOR_HOME: path.join(home, '.task_orchestrator'),
    PATH: [...extraPath, path.dirname(process.execPath)].join(path.delimiter),
    NO_COLOR: '1',
  };
  return { home, project, env };
}

function install(script: string, who: ReturnType<typeof user>, ...args: string[]) {
  const result = spawnSync(process.execPath, [script, 'install', '--client', 'cursor', '--json', ...args], {
    cwd: who.project,
    env: who.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const written = JSON.parse(readFileSync(path.join(who.home, '.cursor', 'mcp.json'), 'utf8')) as {
    mcpServers: Record<string, { command: string; args: string[] }>;
  };
  return {
    status: result.status,
    report: JSON.parse(result.stdout) as Record<string, unknown>,
    stderr: result.stderr,
    entry: written.mcpServers['task-orchestrator']!,
  };
}

// One tarball for every test: packing is the slow part.
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'orchestrator-pack-'));
  // --ignore-scripts: `prepack` would rebuild dist/ under the other suites' feet; `pretest` has just built it.
  packed = (JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', root], repoRoot)) as Packed[])[0]!;
}, 90_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds the binary, the build and the readme, and nothing of the tests or the sources', () => {
    const files = packed.files.map((file) => file.path);
    expect(packed.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/orchestrator.js', 'dist/cli.js', 'dist/installer/index.js']));
    expect(files.filter((file) => !/^(bin\/|dist\/|package\.json$|README\.md$|LICENSE)/.test(file))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(test|tests|fixtures)\/|\.test\.|\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('installed from the tarball with no network, `orchestrator install --client cursor` writes an entry that answers the handshake', async () => {
    const script = installTarball(path.join(root, 'prefix'));
    const who = user();
    const { status, report, entry } = install(script, who);
    expect(status, JSON.stringify(report)).toBe(0);
    expect(entry).toEqual({ command: process.execPath, args: [script, 'serve'] });
    expect(report).toMatchObject({ ok: true, notes: [], verification: [{ ok: true, clients: ['cursor'] }] });
    const answer = await verifyServer(entry, { cwd: who.project, baseEnv: { HOME: who.home, PATH: who.env.PATH } });
    expect(answer).toMatchObject({ ok: true, server: { version: pkg.version } });
  }, 120_000);

  it("run from npx's cache, it writes the npx launcher, or a global install it finds, never a path in the cache", async () => {
    const cached = installTarball(path.join(root, 'npm-cache', '_npx', '3f9a1c'));
    const alone = install(cached, user(), '--no-verify');
    expect(alone.status).toBe(0);
    expect(alone.entry).toEqual({ command: 'npx', args: ['-y', `${pkg.name}@${pkg.version.split('.')[0]}`, 'serve'] });
    expect(alone.report.notes).toEqual([expect.stringContaining('no global install was found on PATH')]);

    // A global npm install: <prefix>/bin/orchestrator next to <prefix>/lib/node_modules/orchestrator-mcp.
    const globalPrefix = path.join(root, 'global');
    const globalPackage = path.join(globalPrefix, 'lib', 'node_modules', pkg.name);
    mkdirSync(path.dirname(globalPackage), { recursive: true });
    mkdirSync(path.join(globalPrefix, 'bin'));
    symlinkSync(path.join(root, 'prefix', 'node_modules', pkg.name), globalPackage, 'dir');
    symlinkSync(path.join(globalPackage, 'bin', 'orchestrator.js'), path.join(globalPrefix, 'bin', 'orchestrator'));
    chmodSync(path.join(globalPackage, 'bin', 'orchestrator.js'), 0o755);
    const who = user([path.join(root, 'npm-cache', '_npx', '3f9a1c', 'node_modules', '.bin'), path.join(globalPrefix, 'bin')]);
    const withGlobal = install(cached, who);
    expect(withGlobal.status, JSON.stringify(withGlobal.report)).toBe(0);
    expect(withGlobal.entry).toEqual({ command: process.execPath, args: [path.join(globalPackage, 'bin', 'orchestrator.js'), 'serve'] });
    expect(withGlobal.report).toMatchObject({ notes: [expect.stringContaining('names the global install')], verification: [{ ok: true }] });
  }, 180_000);
});
