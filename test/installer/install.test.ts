import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { CLIENT_IDS, listRuns, runInstall, runRollback, runUninstall, type ClientId } from '../../src/installer/index.js';
import { formatOf } from '../../src/installer/formats/index.js';
import { entryFor } from '../../src/installer/shapes.js';
import { CONTEXT, read, snapshot, testMachine, type TestMachine } from '../helpers/installer.js';
import { CLIENT_FIXTURES, fixtureFiles, withoutEntry } from './client-fixtures.js';

const NAME = 'task-orchestrator';
const OURS = { command: CONTEXT.nodePath, args: [CONTEXT.binPath, 'serve'] };

function install(machine: TestMachine, clients: readonly ClientId[] = CLIENT_IDS, extra: { dryRun?: boolean; dataDir?: string } = {}) {
  return runInstall(
    { clients, scope: 'user', name: NAME, launcher: 'node', dryRun: false, verify: false, ...extra },
    { env: machine.env, context: CONTEXT },
  );
}

function uninstall(machine: TestMachine, clients: readonly ClientId[] = CLIENT_IDS) {
  return runUninstall({ clients, name: NAME, dryRun: false }, { env: machine.env, context: CONTEXT });
}

function jsonc(text: string): Record<string, unknown> {
  return parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
}

describe('install into every client (files edited directly)', () => {
  it("adds only our entry, in each client's shape, keeping comments, indentation and line endings", async () => {
    const machine = testMachine(fixtureFiles());
    const report = await install(machine);
    expect(report.ok).toBe(true);
    expect(report.items.map((item) => [item.client, item.status])).toEqual(CLIENT_IDS.map((id) => [id, 'add']));
    for (const [id, fixture] of Object.entries(CLIENT_FIXTURES)) {
      const after = read(path.join(machine.root, fixture.file));
      const servers = formatOf(fixture.format ?? 'json').servers(after.replace(/^\uFEFF/, ''), fixture.section)!;
      expect(servers[NAME], id).toEqual(entryFor(fixture.shape ?? 'command', OURS, NAME));
      expect(withoutEntry(fixture, after, NAME), id).toEqual(withoutEntry(fixture, fixture.text, NAME));
      for (const comment of fixture.text.match(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\/|#[^\r\n"]*$/gm) ?? []) expect(after, id).toContain(comment);
      if (fixture.text.includes('\r\n')) expect(after.replace(/\r\n/g, ''), id).not.toContain('\n');
    }
    // VS Code keeps its inputs; Zed gets the flat form with no "source".
    expect(jsonc(read(path.join(machine.root, CLIENT_FIXTURES.vscode.file))).inputs).toHaveLength(1);
    expect(read(path.join(machine.root, CLIENT_FIXTURES.zed.file))).not.toContain('"source"');
  });

  it("writes what each client accepts: no type for Codex, one command array for opencode, Goose's and Copilot's own fields", () => {
    expect(entryFor('codex', OURS, NAME)).toEqual(OURS);
    expect(entryFor('opencode', { ...OURS, env: { A: '1' } }, NAME)).toEqual({
      type: 'local',
      command: [OURS.command, ...OURS.args],
      environment: { A: '1' },
    });
    expect(entryFor('goose', OURS, NAME)).toEqual({
      name: NAME,
      type: 'stdio',
      enabled: true,
      cmd: OURS.command,
      args: OURS.args,
      envs: {},
      env_keys: [],
      timeout: 300,
    });
    expect(entryFor('continue', OURS, NAME)).toEqual({ name: NAME, ...OURS });
    expect(entryFor('copilot', OURS, NAME)).toEqual({ type: 'local', ...OURS, tools: ['*'] });
  });

  it('says "already configured" the second time and writes nothing', async () => {
    const machine = testMachine(fixtureFiles());
    await install(machine);
    const before = snapshot(machine.root);
    const again = await install(machine);
    expect(again.items.every((item) => item.status === 'unchanged' && item.reason === 'already configured')).toBe(true);
    expect(again.runId).toBeNull();
    expect(snapshot(machine.root)).toEqual(before);
  });

  it('install then uninstall gives back every file byte for byte, sections it created included', async () => {
    const machine = testMachine(fixtureFiles());
    const original = snapshot(machine.root);
    await install(machine);
    const report = await uninstall(machine);
    expect(report.items.map((item) => item.status)).toEqual(CLIENT_IDS.map(() => 'remove'));
    const after = snapshot(machine.root);
    for (const fixture of Object.values(CLIENT_FIXTURES)) expect(after[fixture.file], fixture.file).toBe(original[fixture.file]);
  });

  it('rollback of an install gives back every file byte for byte, and deletes files the install created', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text, [CLIENT_FIXTURES.zed.file]: CLIENT_FIXTURES.zed.text });
    const original = snapshot(machine.home);
    // Windsurf has no file: the install creates one.
    const installed = await install(machine, ['cursor', 'zed', 'windsurf']);
    expect(existsSync(path.join(machine.home, '.codeium/windsurf/mcp_config.json'))).toBe(true);
    const rolledBack = await runRollback({ force: false, dryRun: false }, { env: machine.env });
    expect(rolledBack.restores).toBe(installed.runId);
    expect(snapshot(machine.home)).toEqual(original);
    const runs = listRuns(machine.env);
    expect(runs.find((run) => run.id === installed.runId)).toMatchObject({ rolledBackBy: rolledBack.runId });
  });

  it('updates a stale entry, keeping env vars and other keys added to it, and still removes the section its first install created', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES.zed.file]: CLIENT_FIXTURES.zed.text });
    const file = path.join(machine.root, CLIENT_FIXTURES.zed.file);
    await install(machine, ['zed']);
    // An upgrade moved the package, and the user added a setting to our entry.
    writeFileSync(
      file,
      read(file)
        .replace(CONTEXT.binPath, '/old/place/bin/orchestrator.js')
        .replace('"serve"', '"serve"\r\n      ],\r\n      "env": {"ORCHESTRATOR_TOOLSETS": "tasks"},\r\n      "x": [0'),
    );
    const updated = await install(machine, ['zed']);
    expect(updated.items[0]).toMatchObject({ status: 'update' });
    const entry = (jsonc(read(file)).context_servers as Record<string, unknown>)[NAME];
    expect(entry).toEqual({ ...OURS, env: { ORCHESTRATOR_TOOLSETS: 'tasks' }, x: [0] });
    await uninstall(machine, ['zed']);
    expect(read(file)).toBe(CLIENT_FIXTURES.zed.text);
  });

  it("points out our entry in VS Code's deprecated settings.json block, and never writes that file", async () => {
    const settings = `${JSON.stringify({ 'editor.fontSize': 14, mcp: { servers: { [NAME]: { command: 'old' } } } }, null, 2)}\n`;
    const machine = testMachine({ 'home/.config/Code/User/settings.json': settings });
    const report = await install(machine, ['vscode']);
    expect(report.items[0]).toMatchObject({ status: 'add', path: path.join(machine.home, '.config/Code/User/mcp.json') });
    expect(report.items[0]!.warnings[0]).toContain('deprecated "mcp.servers" block');
    expect(read(path.join(machine.home, '.config/Code/User/settings.json'))).toBe(settings);
  });

  it('keeps a byte order mark (Windows editors write one) and restores the file exactly', async () => {
    const text = `\uFEFF${CLIENT_FIXTURES.cursor.text}`;
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: text });
    const file = path.join(machine.root, CLIENT_FIXTURES.cursor.file);
    await install(machine, ['cursor']);
    expect(read(file).startsWith('\uFEFF{')).toBe(true);
    await uninstall(machine, ['cursor']);
    expect(read(file)).toBe(text);
  });

  it('refuses a file that is not UTF-8 rather than altering it', async () => {
    const machine = testMachine();
    const file = path.join(machine.home, '.cursor', 'mcp.json');
    const utf16 = Buffer.from(`\uFEFF${CLIENT_FIXTURES.cursor.text}`, 'utf16le');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, utf16);
    const report = await install(machine, ['cursor']);
    expect(report.items[0]).toMatchObject({ status: 'skip', problem: { message: expect.stringContaining('not UTF-8') } });
    expect(readFileSync(file).equals(utf16)).toBe(true);
  });

  it('writes through a symbolic link (dotfile managers) and keeps the link', async () => {
    const machine = testMachine({ 'dotfiles/cursor-mcp.json': CLIENT_FIXTURES.cursor.text });
    const link = path.join(machine.home, '.cursor', 'mcp.json');
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(machine.root, 'dotfiles/cursor-mcp.json'), link);
    await install(machine, ['cursor']);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(read(path.join(machine.root, 'dotfiles/cursor-mcp.json'))).toContain(NAME);
  });

  it('writes --data-dir into the entry', async () => {
    const machine = testMachine();
    await install(machine, ['cursor'], { dataDir: '/data/tasks' });
    const servers = jsonc(read(path.join(machine.home, '.cursor/mcp.json'))).mcpServers as Record<string, { args: string[] }>;
    expect(servers[NAME]!.args).toEqual([CONTEXT.binPath, 'serve', '--data-dir', '/data/tasks']);
  });
});

describe('files that must not be touched', () => {
  it('skips a file that does not parse with its line and column, changes the others, and fails the run', async () => {
    const broken = '{\n  "theme": "One Dark"\n  "vim_mode": true\n}\n';
    const machine = testMachine({ [CLIENT_FIXTURES.zed.file]: broken, [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const report = await install(machine, ['zed', 'cursor']);
    expect(report.ok).toBe(false);
    expect(report.items[0]).toMatchObject({ client: 'zed', status: 'skip', problem: { line: 3, column: 3, message: 'a comma was expected' } });
    expect(report.items[1]).toMatchObject({ client: 'cursor', status: 'add' });
    expect(read(path.join(machine.root, CLIENT_FIXTURES.zed.file))).toBe(broken);
  });

  it('a dry run reports the diff and writes nothing, not even a backup', async () => {
    const machine = testMachine(fixtureFiles());
    const before = snapshot(machine.root);
    const report = await install(machine, CLIENT_IDS, { dryRun: true });
    expect(report.runId).toBeNull();
    expect(report.items.every((item) => item.status === 'add' && item.diff?.includes(`+`))).toBe(true);
    expect(report.items.find((item) => item.client === 'zed')!.diff).toContain('+  "context_servers": {\r');
    expect(snapshot(machine.root)).toEqual(before);
  });

  it('rolls back file by file: a file changed since loses only our entry; one whose entry changed is skipped unless --force', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text, [CLIENT_FIXTURES.zed.file]: CLIENT_FIXTURES.zed.text });
    const cursor = path.join(machine.root, CLIENT_FIXTURES.cursor.file);
    const zed = path.join(machine.root, CLIENT_FIXTURES.zed.file);
    const installed = await install(machine, ['cursor', 'zed']);
    // Someone renames another server in Cursor's file, and edits our entry in Zed's.
    writeFileSync(cursor, read(cursor).replace('"memory"', '"memory2"'));
    const zedEdited = read(zed).replace('"serve"', '"serve", "--verbose"');
    writeFileSync(zed, zedEdited);
    const partial = await runRollback({ force: false, dryRun: false }, { env: machine.env });
    expect(partial.ok).toBe(false);
    expect(partial.items).toMatchObject([
      { client: 'cursor', status: 'restore', reason: expect.stringContaining("only orchestrator's entry was put back") },
      { client: 'zed', status: 'skip', reason: expect.stringContaining('`--force`') },
    ]);
    expect(read(cursor)).toBe(CLIENT_FIXTURES.cursor.text.replace('"memory"', '"memory2"'));
    expect(read(zed)).toBe(zedEdited);
    // The run stays in force for the file not yet restored; --force restores it and backs up what it replaces.
    expect(listRuns(machine.env).find((run) => run.id === installed.runId)).toMatchObject({ status: 'complete' });
    expect(listRuns(machine.env).find((run) => run.id === installed.runId)!.rolledBackAt).toBeUndefined();
    const forced = await runRollback({ force: true, dryRun: false }, { env: machine.env });
    expect(forced.items.map((item) => [item.client, item.status])).toEqual([['zed', 'restore']]);
    expect(read(zed)).toBe(CLIENT_FIXTURES.zed.text);
    expect(listRuns(machine.env).find((run) => run.id === installed.runId)).toMatchObject({ rolledBackBy: forced.runId });
    const manifest = JSON.parse(readFileSync(path.join(forced.backupDir!, 'manifest.json'), 'utf8'));
    expect(readFileSync(path.join(forced.backupDir!, manifest.entries[0].backup), 'utf8')).toBe(zedEdited);
    await runRollback({ id: forced.runId!, force: false, dryRun: false }, { env: machine.env });
    expect(read(zed)).toBe(zedEdited);
  });
});

describe('backups', () => {
  it('copies each file before changing it and records hashes, existence and what the install created', async () => {
    const machine = testMachine({ [CLIENT_FIXTURES.cursor.file]: CLIENT_FIXTURES.cursor.text });
    const report = await install(machine, ['cursor', 'vscode']);
    const manifest = JSON.parse(readFileSync(path.join(report.backupDir!, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: 1, id: report.runId, action: 'install', name: NAME, status: 'complete' });
    const [cursor, vscode] = manifest.entries;
    expect(cursor).toMatchObject({ client: 'cursor', existed: true, created: { depth: 1, file: false } });
    expect(cursor.sha256Before).toMatch(/^[0-9a-f]{64}$/);
    expect(cursor.sha256After).not.toBe(cursor.sha256Before);
    expect(readFileSync(path.join(report.backupDir!, cursor.backup), 'utf8')).toBe(CLIENT_FIXTURES.cursor.text);
    expect(vscode).toMatchObject({ client: 'vscode', existed: false, backup: null, sha256Before: null, created: { depth: 0, file: true } });
  });
});
