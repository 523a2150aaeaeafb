import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { read, snapshot, testMachine, type TestMachine } from '../helpers/installer.js';
import { CLIENT_FIXTURES } from '../installer/client-fixtures.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'orchestrator.js');

/** Runs the built CLI on the test machine: no terminal, nothing inherited from the real environment. */
function cli(machine: TestMachine, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: machine.project,
    input: '',
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      HOME: machine.home,
      ORCHESTRATOR_HOME: machine.orchestratorHome,
      ORCHESTRATOR_DATA_DIR: path.join(machine.root, 'data'),
      APPDATA: path.join(machine.root, 'appdata'),
      LOCALAPPDATA: path.join(machine.root, 'localappdata'),
      XDG_CONFIG_HOME: path.join(machine.home, '.config'),
      CLAUDE_CONFIG_DIR: '',
      PATH: machine.bin,
      NO_COLOR: '1',
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cursorFile = (machine: TestMachine) => path.join(machine.root, CLIENT_FIXTURES.cursor.file);
const zedFile = (machine: TestMachine) => path.join(machine.root, CLIENT_FIXTURES.zed.file);

describe('orchestrator install (built binary)', () => {
  it('without a terminal and without --client or --yes, stops at once and names the flags', () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const before = snapshot(machine.root);
    const result = cli(machine, 'install');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--client ID (repeatable) or --yes');
    expect(snapshot(machine.root)).toEqual(before);
  });

  it('--dry-run prints a unified diff and changes nothing', () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const before = snapshot(machine.root);
    const result = cli(machine, 'install', '--client', 'cursor', '--dry-run', '--data-dir', 'tasks');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`--- ${cursorFile(machine)}`);
    expect(result.stdout).toContain('+\t\t"task-orchestrator": {');
    expect(result.stdout).toContain(`"${path.join(machine.project, 'tasks')}"`);
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(snapshot(machine.root)).toEqual(before);
  });

  it("--store writes the PostgreSQL URL into the entry's environment, keeps it on reinstall, and never prints the password", () => {
    const machine = testMachine({
      [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text,
      [CLIENT_FIXTURES.opencode.file]: CLIENT_FIXTURES.opencode.text,
      [CLIENT_FIXTURES.codex.file]: CLIENT_FIXTURES.codex.text,
    });
    const url = 'postgres://agents:s3cret-pw@db.internal:5432/work?sslmode=require';
    const first = cli(machine, '--store', url, 'install', '--client', 'cursor,opencode,codex', '--no-verify', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout + first.stderr).not.toContain('s3cret-pw');
    const cursor = JSON.parse(read(cursorFile(machine)));
    expect(cursor.mcpServers['task-orchestrator'].env).toEqual({ ORCHESTRATOR_STORE: url });
    expect(read(path.join(machine.root, CLIENT_FIXTURES.opencode.file))).toContain(`"environment": {\n        "ORCHESTRATOR_STORE": "${url}"`);
    expect(read(path.join(machine.root, CLIENT_FIXTURES.codex.file))).toContain(`ORCHESTRATOR_STORE = "${url}"`);
    const preview = cli(machine, 'install', '--client', 'cursor', '--store', url.replace('/work', '/other'), '--dry-run');
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('postgres://agents:***@db.internal:5432/other');
    expect(preview.stdout).not.toContain('s3cret-pw');
    // An install without --store (doctor's repair, an upgrade) keeps the variable, as it keeps any of the entry's.
    const again = cli(machine, 'install', '--client', 'cursor,opencode,codex', '--no-verify');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/already configured/g)).toHaveLength(3);
    expect(JSON.parse(read(cursorFile(machine))).mcpServers['task-orchestrator'].env).toEqual({ ORCHESTRATOR_STORE: url });
  });

  it('--store refuses what is not a database URL, and changes nothing', () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const before = snapshot(machine.root);
    const result = cli(machine, '--store', 'postgres://user:pw@[bad', 'install', '--client', 'cursor', '--no-verify');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not a valid database URL/);
    expect(result.stderr).not.toContain(':pw@');
    expect(snapshot(machine.root)).toEqual(before);
  });

  it('installs, says "already configured" the second time, and uninstall gives the file back byte for byte', () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const first = cli(machine, 'install', '--client', 'cursor,zed', '--no-verify', '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ action: 'install', dryRun: false, name: 'task-orchestrator', ok: true, verification: [] });
    expect(report.items.map((item: { client: string; status: string }) => [item.client, item.status])).toEqual([
      ['cursor', 'add'],
      ['zed', 'add'],
    ]);
    expect(existsSync(path.join(report.backupDir, 'manifest.json'))).toBe(true);
    const second = cli(machine, 'install', '--client', 'cursor', '--client', 'zed', '--no-verify');
    expect(second.code).toBe(0);
    expect(second.stdout.match(/already configured/g)).toHaveLength(2);
    const removed = cli(machine, 'uninstall', '--yes');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('removed');
    expect(read(cursorFile(machine))).toBe(CLIENT_FIXTURES.cursor.text);
    expect(existsSync(zedFile(machine))).toBe(false);
  });

  it('skips a file that does not parse with file:line:column, leaves it untouched and exits 1', () => {
    const broken = '{\n  // settings\n  "theme": "One Dark"\n  "vim_mode": true\n}\n';
    const machine = testMachine({ [CLIENT_FIXTURES.zed.file]: broken, [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const result = cli(machine, 'install', '--client', 'zed,cursor', '--no-verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${zedFile(machine)}:4:3`);
    expect(result.stdout).toContain('a comma was expected');
    expect(read(zedFile(machine))).toBe(broken);
    expect(read(cursorFile(machine))).toContain('task-orchestrator');
  });

  it('rollback puts the files back byte for byte and lists the runs', () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    expect(cli(machine, 'install', '--client', 'cursor', '--client', 'vscode', '--no-verify').code).toBe(0);
    const listed = JSON.parse(cli(machine, 'rollback', '--list', '--json').stdout);
    expect(listed.runs).toHaveLength(1);
    expect(listed.runs[0]).toMatchObject({ action: 'install', status: 'complete', rolledBackAt: null });
    const rolledBack = cli(machine, 'rollback');
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toContain(`Rolling back run ${listed.runs[0].id}`);
    expect(read(cursorFile(machine))).toBe(CLIENT_FIXTURES.cursor.text);
    expect(existsSync(path.join(machine.home, '.config/Code/User/mcp.json'))).toBe(false);
    const again = cli(machine, 'rollback');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no install or uninstall run to roll back');
  });

  it('with --yes and no client on the machine, says so and how to name one', () => {
    const machine = testMachine();
    const result = cli(machine, 'install', '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No MCP client');
    expect(result.stderr).toContain('--client');
  });

  it('rejects an unknown client as bad usage', () => {
    const result = cli(testMachine(), 'install', '--client', 'emacs');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown client "emacs"');
  });
});

describe('orchestrator clients (built binary)', () => {
  it('--json lists every client with its evidence and files', () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const result = cli(machine, 'clients', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.name).toBe('task-orchestrator');
    expect(report.clients).toHaveLength(20);
    expect(report.clients[1]).toMatchObject({ id: 'cursor', detected: true, evidence: ['~/.cursor exists'], cli: null });
    expect(report.clients[1].configs[0]).toMatchObject({ scope: 'user', path: cursorFile(machine), exists: true, state: 'absent', legacy: false });
    expect(readFileSync(cursorFile(machine), 'utf8')).toBe(CLIENT_FIXTURES.cursor.text);
  });
});
