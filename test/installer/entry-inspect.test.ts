import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServerSpec, CLIENT_IDS, runClients, runInstall, specFromEntry } from '../../src/installer/index.js';
import { inferChoices } from '../../src/installer/entry.js';
import { desiredEntry, entryFor, isSameEntry } from '../../src/installer/shapes.js';
import { CONTEXT, fakeServer, testMachine } from '../helpers/installer.js';

describe('the entry we write', () => {
  it('names Node and our script by absolute path, with --data-dir only when chosen', () => {
    expect(buildServerSpec({ launcher: 'node' }, CONTEXT)).toEqual({ command: CONTEXT.nodePath, args: [CONTEXT.binPath, 'serve'] });
    expect(buildServerSpec({ launcher: 'node', dataDir: '/d' }, CONTEXT).args).toEqual([CONTEXT.binPath, 'serve', '--data-dir', '/d']);
  });

  it('with --launcher npx runs our package at its major version with npx -y, wrapped in cmd /c on Windows', () => {
    expect(buildServerSpec({ launcher: 'npx' }, CONTEXT)).toEqual({ command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] });
    expect(buildServerSpec({ launcher: 'npx', dataDir: 'D:\\t' }, { ...CONTEXT, platform: 'win32' })).toEqual({
      command: 'cmd',
      args: ['/c', 'npx', '-y', 'orchestrator-mcp@0', 'serve', '--data-dir', 'D:\\t'],
    });
  });

  it('takes the `npx -y orchestrator serve` of older versions for ours, so that install and doctor --fix replace it', () => {
    expect(inferChoices({ command: 'npx', args: ['-y', 'orchestrator', 'serve'] })).toEqual({ launcher: 'npx' });
    expect(inferChoices({ command: 'npx', args: ['-y', 'orchestrator-mcp', 'serve'] })).toEqual({ launcher: 'npx' });
    expect(inferChoices({ command: 'npx', args: ['-y', 'orchestrator-tools', 'serve'] })).toBeUndefined();
    const machine = testMachine({
      'home/.cursor/mcp.json': JSON.stringify({ mcpServers: { 'task-orchestrator': { command: 'npx', args: ['-y', 'orchestrator', 'serve'] } } }),
    });
    const cursor = runClients({ name: 'task-orchestrator' }, machine.env, CONTEXT).clients.find((client) => client.id === 'cursor')!;
    expect(cursor.configs[0]).toMatchObject({ state: 'stale' });
  });

  it('recovers the launcher and data directory from an entry, and nothing from a foreign one', () => {
    for (const choices of [{ launcher: 'node' }, { launcher: 'npx', dataDir: '/d' }] as const) {
      for (const platform of ['linux', 'win32'] as const) expect(inferChoices(buildServerSpec(choices, { ...CONTEXT, platform }))).toEqual(choices);
    }
    expect(inferChoices({ command: 'uvx', args: ['mcp-server-git'] })).toBeUndefined();
  });

  it('is shaped per client: VS Code and Claude Code carry "type": "stdio"', () => {
    const spec = { command: 'n', args: ['a'] };
    expect(entryFor('vscode', spec, 's')).toEqual({ type: 'stdio', command: 'n', args: ['a'] });
    expect(entryFor('zed', spec, 's')).toEqual({ command: 'n', args: ['a'] });
    expect(entryFor('command', { ...spec, env: { A: '1' } }, 's')).toEqual({ command: 'n', args: ['a'], env: { A: '1' } });
  });

  it('keeps what a person or the client added to our entry, and drops older spellings and keys a client rejects', () => {
    const spec = { command: 'n', args: ['a'] };
    const cline = { command: 'old', args: [], autoApprove: ['orchestrator_get_status'], disabled: false, timeout: 120 };
    expect(desiredEntry('command', spec, 's', cline)).toEqual({
      command: 'n',
      args: ['a'],
      autoApprove: ['orchestrator_get_status'],
      disabled: false,
      timeout: 120,
    });
    expect(desiredEntry('zed', spec, 's', { source: 'custom', command: { path: 'n', args: [] }, settings: {} })).toEqual({
      command: 'n',
      args: ['a'],
    });
    expect(desiredEntry('codex', spec, 's', { type: 'stdio', command: 'n', args: ['a'] })).toEqual({ command: 'n', args: ['a'] });
    expect(isSameEntry('codex', { type: 'stdio', command: 'n', args: ['a'] }, { command: 'n', args: ['a'] })).toBe(false);
  });

  it('reads every shape Zed accepts, and treats the old ones as stale', () => {
    const old = { command: { path: 'n', args: ['a'], env: { A: '1' } }, settings: {} };
    expect(specFromEntry('zed', old)).toEqual({ command: 'n', args: ['a'], env: { A: '1' } });
    expect(specFromEntry('zed', { source: 'custom', command: 'n', args: [] })).toEqual({ command: 'n', args: [] });
    expect(isSameEntry('zed', old, entryFor('zed', { command: 'n', args: ['a'], env: { A: '1' } }, 's'))).toBe(false);
    expect(isSameEntry('zed', { source: 'custom', command: 'n', args: [] }, { command: 'n', args: [] })).toBe(false);
  });

  it('ignores an empty env, and an optional "type": "stdio" except for VS Code', () => {
    expect(isSameEntry('claude-code', { type: 'stdio', command: 'n', args: [], env: {} }, { command: 'n', args: [] })).toBe(true);
    expect(isSameEntry('vscode', { command: 'n', args: [] }, { type: 'stdio', command: 'n', args: [] })).toBe(false);
  });
});

describe('runClients', () => {
  it('reports detection, files and whether our entry is current, stale, absent or unreadable', () => {
    const current = { command: CONTEXT.nodePath, args: [CONTEXT.binPath, 'serve', '--data-dir', '/d'] };
    const machine = testMachine({
      'home/.cursor/mcp.json': JSON.stringify({ mcpServers: { 'task-orchestrator': current } }),
      'home/.codeium/windsurf/mcp_config.json': JSON.stringify({
        mcpServers: { 'task-orchestrator': { command: '/old/node', args: ['/old/bin/orchestrator.js', 'serve'] } },
      }),
      'home/.config/zed/settings.json': '{ "theme": "x", }',
      'home/.config/Code/User/mcp.json': '{ "servers": { ',
      'home/.config/Code/User/settings.json': JSON.stringify({ mcp: { servers: { 'task-orchestrator': { command: 'x' } } } }),
    });
    const report = runClients({ name: 'task-orchestrator' }, machine.env, CONTEXT);
    const client = (id: string) => report.clients.find((candidate) => candidate.id === id)!;
    expect(report.clients.map((candidate) => candidate.id)).toEqual([...CLIENT_IDS]);
    expect(client('claude-desktop')).toMatchObject({ detected: false, evidence: [], configs: [{ scope: 'user', state: 'no-file', exists: false }] });
    expect(client('cursor')).toMatchObject({ detected: true, evidence: ['~/.cursor exists'] });
    expect(client('cursor').configs[0]).toMatchObject({ scope: 'user', state: 'current', entry: current });
    expect(client('cursor').configs[1]).toMatchObject({
      scope: 'project',
      path: path.join(machine.project, '.cursor', 'mcp.json'),
      state: 'no-file',
    });
    expect(client('windsurf').configs[0]).toMatchObject({ state: 'stale' });
    expect(client('zed').configs[0]).toMatchObject({ state: 'absent', exists: true });
    expect(client('vscode').configs[0]).toMatchObject({ state: 'invalid', problem: { line: 1, column: 16 } });
    // The deprecated settings.json block is listed only because it holds a duplicate of our entry.
    expect(client('vscode').configs.filter((config) => config.legacy)).toMatchObject([{ state: 'stale' }]);
    expect(client('claude-code').cli).toBeNull();
  });
});

describe('install with the server check', () => {
  it('starts the written command and reports the handshake', async () => {
    const machine = testMachine();
    const server = { command: process.execPath, args: [fakeServer, 'serve'] };
    const report = await runInstall(
      { clients: ['cursor', 'zed'], scope: 'user', name: 'task-orchestrator', launcher: 'node', dryRun: false, verify: true, server },
      { env: machine.env, context: CONTEXT },
    );
    expect(report.ok).toBe(true);
    expect(report.verification).toMatchObject([
      { ok: true, clients: ['cursor', 'zed'], server: { name: 'fake-orchestrator' }, command: process.execPath },
    ]);
  });

  it('fails the run, keeps the entry, and says how to fix it when the server does not start', async () => {
    const machine = testMachine();
    const server = { command: process.execPath, args: [fakeServer, 'exit'] };
    const report = await runInstall(
      { clients: ['cursor'], scope: 'user', name: 'task-orchestrator', launcher: 'node', dryRun: false, verify: true, server },
      { env: machine.env, context: CONTEXT },
    );
    expect(report.ok).toBe(false);
    expect(report.items[0]).toMatchObject({ status: 'add' });
    expect(report.verification[0]).toMatchObject({
      ok: false,
      problem: 'exited',
      message: expect.stringContaining('cannot open the data directory'),
    });
  });
});
