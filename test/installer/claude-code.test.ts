import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns, runInstall, runRollback, runUninstall, type Scope } from '../../src/installer/index.js';
import { CONTEXT, installFakeClaude, read, readCalls, snapshot, testMachine, type TestMachine } from '../helpers/installer.js';
import { CLIENT_FIXTURES } from './client-fixtures.js';

const NAME = 'task-orchestrator';
const ENTRY = { type: 'stdio', command: CONTEXT.nodePath, args: [CONTEXT.binPath, 'serve'] };

function install(machine: TestMachine, scope: Scope, clients: Parameters<typeof runInstall>[0]['clients'] = ['claude-code']) {
  return runInstall({ clients, scope, name: NAME, launcher: 'node', dryRun: false, verify: false }, { env: machine.env, context: CONTEXT });
}

describe('Claude Code with `claude` on PATH', () => {
  it('adds through `claude mcp add-json` with the scope, confirms with `get`, and is idempotent', async () => {
    const machine = testMachine();
    const { log } = installFakeClaude(machine);
    const report = await install(machine, 'user');
    expect(report.items[0]).toMatchObject({ status: 'add', via: 'claude-cli', warnings: [] });
    expect(readCalls(log)).toEqual([
      ['mcp', 'add-json', NAME, JSON.stringify(ENTRY), '--scope', 'user'],
      ['mcp', 'get', NAME],
    ]);
    // The fake wrote the file the way Claude Code does (with "env": {}), and that counts as configured.
    expect(JSON.parse(read(path.join(machine.home, '.claude.json'))).mcpServers[NAME]).toEqual({ ...ENTRY, env: {} });
    const again = await install(machine, 'user');
    expect(again.items[0]).toMatchObject({ status: 'unchanged', reason: 'already configured' });
    expect(readCalls(log)).toHaveLength(2);
  });

  it('replaces a stale entry with remove + add-json, and rollback puts the old one back', async () => {
    const machine = testMachine({
      'home/.claude.json': JSON.stringify({ mcpServers: { [NAME]: { command: 'npx', args: ['-y', 'orchestrator', 'serve'] } } }),
    });
    const { log } = installFakeClaude(machine);
    const report = await install(machine, 'user');
    expect(report.items[0]).toMatchObject({ status: 'update' });
    expect(readCalls(log).slice(0, 2)).toEqual([
      ['mcp', 'remove', NAME, '--scope', 'user'],
      ['mcp', 'add-json', NAME, JSON.stringify(ENTRY), '--scope', 'user'],
    ]);
    await runRollback({ force: false, dryRun: false }, { env: machine.env });
    expect(JSON.parse(read(path.join(machine.home, '.claude.json'))).mcpServers[NAME]).toEqual({
      command: 'npx',
      args: ['-y', 'orchestrator', 'serve'],
      env: {},
    });
  });

  it('skips, naming it, an entry changed since the run, or a file that no longer parses, unless --force', async () => {
    const machine = testMachine();
    const { log } = installFakeClaude(machine);
    await install(machine, 'user');
    const file = path.join(machine.home, '.claude.json');
    writeFileSync(file, read(file).replace('"serve"', '"serve", "--extra"'));
    const skipped = await runRollback({ force: false, dryRun: false }, { env: machine.env });
    expect(skipped).toMatchObject({
      ok: false,
      items: [{ status: 'skip', reason: expect.stringContaining('the user entry "task-orchestrator" changed since run') }],
    });
    expect(readCalls(log).map((args) => args[1])).toEqual(['add-json', 'get']);
    writeFileSync(file, '{ broken');
    expect((await runRollback({ force: false, dryRun: false }, { env: machine.env })).items[0]).toMatchObject({ status: 'skip' });
    writeFileSync(file, read(file).replace('{ broken', JSON.stringify({ mcpServers: { [NAME]: { command: 'x' } } })));
    const forced = await runRollback({ force: true, dryRun: false }, { env: machine.env });
    expect(forced.items[0]).toMatchObject({ status: 'restore' });
    expect(readCalls(log).at(-1)).toEqual(['mcp', 'remove', NAME, '--scope', 'user']);
  });

  it.each([
    ['local', (machine: TestMachine) => JSON.parse(read(path.join(machine.home, '.claude.json'))).projects[machine.project].mcpServers],
    ['project', (machine: TestMachine) => JSON.parse(read(path.join(machine.project, '.mcp.json'))).mcpServers],
  ] as const)('runs in the project so that the %s scope means this project; uninstall removes it', async (scope, servers) => {
    const machine = testMachine();
    const { log } = installFakeClaude(machine);
    await install(machine, scope);
    expect(servers(machine)[NAME]).toMatchObject(ENTRY);
    const removed = await runUninstall({ clients: ['claude-code'], name: NAME, dryRun: false }, { env: machine.env, context: CONTEXT });
    expect(removed.items).toMatchObject([{ status: 'remove', scope, commands: [`claude mcp remove ${NAME} --scope ${scope}`] }]);
    expect(readCalls(log).at(-1)).toEqual(['mcp', 'remove', NAME, '--scope', scope]);
    expect(servers(machine)[NAME]).toBeUndefined();
  });

  it('undoes the files already changed when the CLI fails later in the run', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text, [CLIENT_FIXTURES.zed.file]: CLIENT_FIXTURES.zed.text });
    installFakeClaude(machine);
    process.env.FAKE_CLAUDE_FAIL = 'add-json';
    try {
      const before = snapshot(machine.home);
      await expect(install(machine, 'user', ['cursor', 'zed', 'claude-code'])).rejects.toThrow(/simulated failure of add-json.*undone/s);
      expect(snapshot(machine.home)).toEqual(before);
      expect(listRuns(machine.env)[0]).toMatchObject({ status: 'restored' });
    } finally {
      delete process.env.FAKE_CLAUDE_FAIL;
    }
  });
});

describe('Claude Code without `claude` on PATH', () => {
  it('edits .claude.json under a lock, user and local scope side by side, and leaves no lock behind', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES['claude-code'].file]: CLIENT_FIXTURES['claude-code'].text });
    const file = path.join(machine.root, CLIENT_FIXTURES['claude-code'].file);
    await install(machine, 'user');
    await install(machine, 'local');
    const doc = JSON.parse(read(file));
    expect(doc.mcpServers[NAME]).toEqual(ENTRY);
    expect(doc.projects[machine.project].mcpServers[NAME]).toEqual(ENTRY);
    expect(doc.projects['/somewhere/else']).toEqual({ allowedTools: [], mcpServers: {} });
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(`${file}.lock-owner`)).toBe(false);
    // Both scopes in one uninstall: two changes to one file, chained, and the original comes back.
    await runUninstall({ clients: ['claude-code'], name: NAME, dryRun: false }, { env: machine.env, context: CONTEXT });
    expect(read(file)).toBe(CLIENT_FIXTURES['claude-code'].text);
  });

  it('rollback after Claude Code rewrote its file takes out only our entry and keeps what Claude Code wrote', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES['claude-code'].file]: CLIENT_FIXTURES['claude-code'].text });
    const file = path.join(machine.root, CLIENT_FIXTURES['claude-code'].file);
    await install(machine, 'user');
    // Claude Code rewrites the whole file, as it does on every start.
    const rewritten = { ...JSON.parse(read(file)), numStartups: 43, userID: 'abc' };
    writeFileSync(file, `${JSON.stringify(rewritten, null, 2)}\n`);
    const report = await runRollback({ force: false, dryRun: false }, { env: machine.env });
    expect(report.items).toMatchObject([{ status: 'restore', reason: expect.stringContaining("only orchestrator's entry was put back") }]);
    const { mcpServers, ...rest } = JSON.parse(read(file));
    expect(mcpServers[NAME]).toBeUndefined();
    expect(rest).toMatchObject({ numStartups: 43, userID: 'abc' });
  });

  it('honours CLAUDE_CONFIG_DIR', async () => {
    const machine = testMachine();
    const configDir = path.join(machine.root, 'claude-config');
    machine.env.claudeConfigDir = configDir;
    await install(machine, 'user');
    expect(JSON.parse(readFileSync(path.join(configDir, '.claude.json'), 'utf8')).mcpServers[NAME]).toEqual(ENTRY);
    expect(existsSync(path.join(machine.home, '.claude.json'))).toBe(false);
  });
});
