import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  globalInstall,
  installerEnv,
  planLaunch,
  runInstall,
  runnerCache,
  thisInstallation,
  type FileProbe,
  type SpecContext,
} from '../../src/installer/index.js';
import { read, testMachine } from '../helpers/installer.js';

/** A disk that has exactly these files (executables among them). */
function disk(files: string[], executables: string[] = []): FileProbe {
  return {
    isDirectory: () => false,
    isExecutable: (p) => executables.includes(p),
    list: (dir) =>
      files.filter((file) => path.posix.dirname(file) === dir || path.win32.dirname(file) === dir).map((file) => file.split(/[\\/]/).at(-1)!),
  };
}

const NPX_BIN = '/home/ada/.npm/_npx/8a1b2c/node_modules/orchestrator-mcp/bin/orchestrator.js';
const GLOBAL_BIN = '/usr/local/lib/node_modules/orchestrator-mcp/bin/orchestrator.js';

describe("running from a package runner's cache", () => {
  it('knows the caches of npx, pnpm and yarn dlx and bunx, on every platform', () => {
    expect(runnerCache(NPX_BIN)).toBe('/home/ada/.npm/_npx');
    expect(runnerCache('C:\\Users\\Ada\\AppData\\Local\\npm-cache\\_npx\\8a1b\\node_modules\\orchestrator-mcp\\bin\\orchestrator.js')).toBe(
      'C:\\Users\\Ada\\AppData\\Local\\npm-cache\\_npx',
    );
    expect(runnerCache('/home/ada/.cache/pnpm/dlx/x1/node_modules/orchestrator-mcp/bin/orchestrator.js')).toBe('/home/ada/.cache/pnpm/dlx');
    expect(runnerCache('/tmp/xfs-1a/dlx-4242/node_modules/orchestrator-mcp/bin/orchestrator.js')).toBe('/tmp/xfs-1a/dlx-4242');
    expect(runnerCache('/tmp/bunx-1000-orchestrator-mcp@0.1.0/node_modules/orchestrator-mcp/bin/orchestrator.js')).toBe(
      '/tmp/bunx-1000-orchestrator-mcp@0.1.0',
    );
    expect(runnerCache(GLOBAL_BIN)).toBeNull();
  });

  it('finds a global npm install through `orchestrator` on PATH, skipping the one npx puts first', () => {
    const posix = installerEnv(
      {
        platform: 'linux',
        home: '/home/ada',
        pathEnv: '/home/ada/.npm/_npx/8a1b2c/node_modules/.bin:/usr/local/bin',
        probe: disk(
          [GLOBAL_BIN, '/usr/local/bin/orchestrator'],
          ['/usr/local/bin/orchestrator', '/home/ada/.npm/_npx/8a1b2c/node_modules/.bin/orchestrator'],
        ),
      },
      {},
    );
    expect(globalInstall(posix)).toBe(GLOBAL_BIN);
    expect(thisInstallation(posix, NPX_BIN)).toMatchObject({ binPath: GLOBAL_BIN, cache: '/home/ada/.npm/_npx' });
    const script = 'C:\\Users\\Ada\\AppData\\Roaming\\npm\\node_modules\\orchestrator-mcp\\bin\\orchestrator.js';
    const windows = installerEnv(
      {
        platform: 'win32',
        home: 'C:\\Users\\Ada',
        pathEnv: 'C:\\Users\\Ada\\AppData\\Roaming\\npm',
        probe: disk([script, 'C:\\Users\\Ada\\AppData\\Roaming\\npm\\orchestrator.cmd']),
      },
      {},
    );
    expect(globalInstall(windows)).toBe(script);
    expect(globalInstall({ ...posix, probe: disk([], ['/usr/local/bin/orchestrator']) })).toBeUndefined();
    expect(thisInstallation({ ...posix, probe: disk([]) }, NPX_BIN)).toMatchObject({ binPath: NPX_BIN, cache: '/home/ada/.npm/_npx' });
  });

  const fromCache = (binPath: string): SpecContext => ({ platform: 'linux', nodePath: '/usr/bin/node', binPath, cache: '/home/ada/.npm/_npx' });

  it("writes the global install's script instead of the cache's, and says so", () => {
    const launch = planLaunch({ launcher: 'node' }, fromCache(GLOBAL_BIN));
    expect(launch).toMatchObject({ launcher: 'node', spec: { command: '/usr/bin/node', args: [GLOBAL_BIN, 'serve'] } });
    expect(launch.note).toContain(`the entry names the global install at ${GLOBAL_BIN}`);
  });

  it('falls back to the npx launcher without a global install, and says why and how to get absolute paths', () => {
    const launch = planLaunch({ launcher: 'node', dataDir: '/d' }, fromCache(NPX_BIN));
    expect(launch).toMatchObject({ launcher: 'npx', spec: { command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve', '--data-dir', '/d'] } });
    expect(launch.note).toMatch(/package runner's cache \(\/home\/ada\/\.npm\/_npx\).*no global install.*npm i -g orchestrator-mcp/);
    expect(planLaunch({ launcher: 'npx' }, fromCache(NPX_BIN)).note).toBeNull();
    expect(planLaunch({ launcher: 'node' }, { ...fromCache(GLOBAL_BIN), cache: null }).note).toBeNull();
  });

  it('install never writes a path inside the cache', async () => {
    const machine = testMachine();
    const report = await runInstall(
      { clients: ['cursor'], scope: 'user', name: 'task-orchestrator', launcher: 'node', dryRun: false, verify: false },
      { env: machine.env, context: fromCache(NPX_BIN) },
    );
    const written = read(path.join(machine.home, '.cursor', 'mcp.json'));
    expect(written).not.toContain('_npx');
    expect(JSON.parse(written).mcpServers['task-orchestrator']).toEqual({ command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] });
    expect(report.notes).toHaveLength(1);
  });

  it('when npx cannot be found to check the entry, the fix is a global install (the node launcher is not on offer)', async () => {
    const machine = testMachine();
    const report = await runInstall(
      { clients: ['cursor'], scope: 'user', name: 'task-orchestrator', launcher: 'node', dryRun: false, verify: true },
      { env: machine.env, context: fromCache(NPX_BIN) },
    );
    expect(report.ok).toBe(false);
    expect(report.verification).toMatchObject([
      { ok: false, problem: 'not-found', fix: expect.stringContaining('`npm i -g orchestrator-mcp`, then install again') },
    ]);
  });
});
