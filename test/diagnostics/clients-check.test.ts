import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { clientsCheck } from '../../src/diagnostics/checks/clients.js';
import { runDoctor, type DoctorReport, type Machine, type ReportedResult } from '../../src/diagnostics/index.js';
import { listRuns, runInstall, type ClientId } from '../../src/installer/index.js';
import { machineFacts, testContext } from '../helpers/diagnostics.js';
import { fakeServer, installFakeClaude, read, readCalls, snapshot, testMachine, type TestMachine } from '../helpers/installer.js';
import { binPath } from '../helpers/bin.js';

const NAME = 'task-orchestrator';
const CURSOR = 'home/.cursor/mcp.json';
/** What install writes from this checkout: this Node and the built bin script. */
const OURS = { command: process.execPath, args: [binPath, 'serve'] };

function setup(files: Record<string, string> = {}, overrides: Partial<Machine> = {}) {
  const box = testMachine(files);
  return { box, machine: machineFacts(box, overrides), file: (relative: string) => path.join(box.root, relative) };
}

function doctor(machine: Machine, options: { fix?: boolean } = {}, clients: string[] = []): Promise<DoctorReport> {
  const { context } = testContext({ machine, clients });
  return runDoctor(options, { context, checks: [clientsCheck] });
}

const result = (report: DoctorReport, id: string) => report.results.find((item) => item.id === id) as ReportedResult;
const ids = (report: DoctorReport) => report.results.map((item) => [item.id, item.status]);
const mcpServers = (servers: Record<string, unknown>) => `${JSON.stringify({ mcpServers: servers }, null, 2)}\n`;

function install(box: TestMachine, machine: Machine, clients: ClientId[], dataDir?: string) {
  return runInstall(
    { clients, scope: 'user', name: NAME, launcher: 'node', dataDir, dryRun: false, verify: false },
    { env: box.env, context: machine.spec },
  );
}

describe('client checks', () => {
  test('a config that does not parse fails with file, line and column; --fix leaves it byte for byte', async () => {
    const broken = '{\n  "mcpServers": {\n    "memory": { "command": "npx" }\n    "task-orchestrator": {}\n  }\n}\n';
    const { machine, file, box } = setup({ [CURSOR]: broken });
    const report = await doctor(machine, { fix: true });
    expect(result(report, 'clients.cursor.user')).toMatchObject({
      status: 'fail',
      title: 'Cursor (user)',
      message: '~/.cursor/mcp.json:4:5: does not parse: a comma was expected',
      fix: expect.stringContaining('Correct the file at line 4, column 5'),
      details: { file: file(CURSOR), line: 4, column: 5, state: 'invalid' },
    });
    expect(report.ok).toBe(false);
    expect(report.fixes).toEqual([]);
    expect(read(file(CURSOR))).toBe(broken);
    expect(listRuns(box.env)).toEqual([]);
  });

  test('a stale entry warns; --fix rewrites that entry alone, with a backup, and the rest of the file keeps its bytes', async () => {
    const dataDir = path.join(testMachine().root, 'tasks');
    const before =
      '{\n\t"mcpServers": {\n\t\t"github": { "url": "https://api.githubcopilot.com/mcp/" },\n\t\t// ours, from an install before an upgrade\n' +
      `\t\t"task-orchestrator": {\n\t\t\t"command": "/old/node",\n\t\t\t"args": ["/old/orchestrator/bin/orchestrator.js", "serve", "--data-dir", ${JSON.stringify(dataDir)}]\n\t\t},\n` +
      '\t\t"memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n\t}\n}\n';
    const { machine, file, box } = setup({ [CURSOR]: before, 'home/.codeium/windsurf/mcp_config.json': mcpServers({}) });
    const untouched = snapshot(box.home);

    const found = await doctor(machine);
    expect(result(found, 'clients.cursor.user')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(
        /^~\/\.cursor\/mcp\.json "task-orchestrator" is stale: it starts `\/old\/node .*`; install would now write `.*orchestrator\.js serve --data-dir /,
      ),
      fix: expect.stringContaining(`\`orchestrator --data-dir ${dataDir} install --client cursor\``),
      details: { state: 'stale', repair: { client: 'cursor', scope: 'user', file: file(CURSOR), name: NAME, launcher: 'node', dataDir } },
    });
    expect(result(found, 'clients.cursor.user.command')).toMatchObject({
      status: 'fail',
      message: '/old/node does not exist',
      fix: expect.stringContaining('orchestrator doctor --fix'),
    });
    expect(result(found, 'clients.cursor.user.handshake')).toBeUndefined();

    const fixed = await doctor(machine, { fix: true });
    expect(fixed.fixes).toEqual([
      {
        check: 'clients',
        status: 'fixed',
        message: expect.stringMatching(
          /^Cursor \(user\): "task-orchestrator" in ~\/\.cursor\/mcp\.json rewritten \(backup run \d{8}-\d{6}-[0-9a-f]{4}; `orchestrator rollback/,
        ),
      },
    ]);
    const after = read(file(CURSOR));
    const start = before.indexOf('"task-orchestrator": ') + '"task-orchestrator": '.length;
    const end = before.indexOf(',\n\t\t"memory"');
    expect(after.slice(0, start)).toBe(before.slice(0, start));
    expect(after.endsWith(before.slice(end))).toBe(true);
    expect(JSON.parse(after.slice(start, after.length - (before.length - end)))).toEqual({
      command: process.execPath,
      args: [binPath, 'serve', '--data-dir', dataDir],
    });
    // Nothing else changed: Windsurf's file (where it was never installed) and every other file of the home.
    const now = snapshot(box.home);
    delete now['.cursor/mcp.json'];
    delete untouched['.cursor/mcp.json'];
    expect(now).toEqual(untouched);
    const [run] = listRuns(box.env);
    expect(run!.entries.map((entry) => [entry.client, entry.path, entry.backup])).toEqual([['cursor', file(CURSOR), '01-mcp.json']]);

    // The report is the state after the fix: current, startable, answering.
    expect(ids(fixed)).toEqual([
      ['clients.cursor.user', 'ok'],
      ['clients.cursor.user.command', 'ok'],
      ['clients.cursor.user.handshake', 'ok'],
      ['clients.cursor.user.tools', 'ok'],
      ['clients.windsurf', 'warn'],
    ]);
    expect(result(fixed, 'clients.cursor.user.tools').message).toBe(
      '9 of 40 tools (counts only task-orchestrator; 2 other servers in this file add theirs)',
    );
  });

  test("Zed's older entry shape is stale too, and --fix writes the flat form", async () => {
    const zed =
      '// Zed settings\n{\n  "theme": "One Dark",\n  "context_servers": {\n    "task-orchestrator": {\n      "source": "custom",\n' +
      `      "command": { "path": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(binPath)}, "serve"] },\n      "settings": {}\n    },\n  },\n}\n`;
    const { machine, file } = setup({ 'home/.config/zed/settings.json': zed });
    const found = await doctor(machine);
    expect(result(found, 'clients.zed.user')).toMatchObject({
      status: 'warn',
      message: '~/.config/zed/settings.json "task-orchestrator" is stale: it is written in a shape install no longer writes',
    });
    // The command itself is fine and answers.
    expect(result(found, 'clients.zed.user.handshake')?.status).toBe('ok');
    const fixed = await doctor(machine, { fix: true });
    expect(fixed.fixes.map((record) => record.status)).toEqual(['fixed']);
    const after = read(file('home/.config/zed/settings.json'));
    expect(after.startsWith('// Zed settings\n{\n  "theme": "One Dark",\n  "context_servers": {\n    "task-orchestrator": ')).toBe(true);
    expect(after).not.toContain('"source"');
    expect(result(fixed, 'clients.zed.user')?.status).toBe('ok');
  });

  test('an entry whose command is missing fails with the fix; one that exits at once or speaks no MCP fails its handshake', async () => {
    const { machine } = setup({
      [CURSOR]: mcpServers({ [NAME]: { command: '/nowhere/orchestrator-server', args: ['serve'] } }),
      'home/.codeium/windsurf/mcp_config.json': mcpServers({ [NAME]: { command: 'uvx', args: ['task-orchestrator'] } }),
      'home/.config/zed/settings.json': JSON.stringify({ context_servers: { [NAME]: { command: process.execPath, args: [fakeServer, 'exit'] } } }),
      'home/.claude.json': mcpServers({ [NAME]: { type: 'stdio', command: process.execPath, args: ['-e', 'console.log("hello, not MCP")'] } }),
    });
    const report = await doctor(machine);
    expect(report.ok).toBe(false);
    // A command orchestrator's install did not write is reported, and left to the person.
    expect(result(report, 'clients.cursor.user')).toMatchObject({
      status: 'warn',
      details: { state: 'foreign' },
      fix: expect.stringContaining('doctor --fix` leaves an entry it did not write alone'),
    });
    expect(result(report, 'clients.cursor.user.command')).toMatchObject({
      status: 'fail',
      message: '/nowhere/orchestrator-server does not exist',
      fix: 'Install the program, or correct the path in the entry.',
    });
    expect(result(report, 'clients.windsurf.user.command')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^uvx is not on PATH/),
      fix: expect.stringContaining('write its absolute path'),
    });
    expect(result(report, 'clients.zed.user.handshake')).toMatchObject({
      status: 'fail',
      message: 'the server exited before the handshake: fake server: cannot open the data directory',
      fix: expect.stringMatching(/^Run `.*fake-mcp-server\.mjs exit` yourself/),
      details: { problem: 'exited' },
    });
    expect(result(report, 'clients.claude-code.user.handshake')).toMatchObject({ status: 'fail', details: { ok: false } });
    const fixed = await doctor(machine, { fix: true });
    expect(fixed.fixes).toEqual([]);
  });

  test('a healthy installed entry (the built serve) is ok, with its handshake time; --fix has nothing to do', async () => {
    const { box, machine, file } = setup({ [CURSOR]: mcpServers({}), 'home/.config/Code/User/mcp.json': '{\n  // mine\n  "servers": {}\n}\n' });
    await install(box, machine, ['cursor', 'vscode']);
    expect(JSON.parse(read(file(CURSOR))).mcpServers[NAME]).toEqual(OURS);
    const before = snapshot(box.root);
    const report = await doctor(machine, { fix: true });
    expect(report).toMatchObject({ ok: true, fixes: [], summary: { warn: 0, fail: 0 } });
    expect(result(report, 'clients.cursor.user')).toMatchObject({ status: 'ok', message: '~/.cursor/mcp.json "task-orchestrator" is current' });
    expect(result(report, 'clients.cursor.user.command')).toMatchObject({ status: 'ok', message: `${process.execPath} (absolute path, executable)` });
    expect(result(report, 'clients.vscode.user.handshake')).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/^initialize in \d+ ms, tools\/list in \d+ ms: 9 tools \(task-orchestrator \d+\.\d+\.\d+\)$/),
      details: { ms: expect.any(Number), listMs: expect.any(Number), tools: 9 },
    });
    expect(result(report, 'clients.vscode.user.tools')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^9 of 128 tools/) });
    expect(snapshot(box.root)).toEqual(before);
  });

  test("duplicates: our server also in VS Code's deprecated settings.json block, and under a second name", async () => {
    const settings = `${JSON.stringify({ 'editor.fontSize': 14, mcp: { servers: { [NAME]: { command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] } } } }, null, 2)}\n`;
    const { box, machine, file } = setup({ 'home/.config/Code/User/settings.json': settings, [CURSOR]: mcpServers({ tasks: OURS }) });
    await install(box, machine, ['vscode', 'cursor']);
    const report = await doctor(machine, { fix: true });
    expect(result(report, 'clients.vscode.user.legacy')).toMatchObject({
      status: 'warn',
      title: 'VS Code (user) duplicate',
      message: `"task-orchestrator" is also in the deprecated "mcp.servers" block of ~/.config/Code/User/settings.json: VS Code would start the server twice`,
      details: { file: file('home/.config/Code/User/settings.json'), names: [NAME] },
    });
    expect(result(report, 'clients.cursor.duplicate')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('configured under 2 names ("tasks", "task-orchestrator")'),
      fix: expect.stringContaining('orchestrator uninstall --client cursor --name <name>'),
    });
    // Under another name it is checked like any entry of ours.
    expect(result(report, 'clients.cursor.user.tasks')).toMatchObject({ status: 'ok', title: 'Cursor (user) tasks' });
    expect(report.fixes).toEqual([]);
    expect(read(file('home/.config/Code/User/settings.json'))).toBe(settings);
  });

  test('a client with no entry is suggested, never added to by --fix; one an install put there and that went missing is put back', async () => {
    const { box, machine, file } = setup({
      [CURSOR]: mcpServers({ memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } }),
      'home/.codeium/windsurf/mcp_config.json': mcpServers({}),
    });
    await install(box, machine, ['windsurf']);
    // Gone since (a client rewrote its file, or a hand): the backups remember the install.
    writeFileSync(file('home/.codeium/windsurf/mcp_config.json'), mcpServers({}));
    const cursorBefore = read(file(CURSOR));

    const found = await doctor(machine);
    expect(result(found, 'clients.cursor')).toMatchObject({
      status: 'warn',
      message: 'detected (~/.cursor exists), but none of its configs has "task-orchestrator"',
      fix: '`orchestrator install --client cursor` adds it (doctor --fix never adds an entry you did not install).',
    });
    expect(result(found, 'clients.windsurf.user')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(
        /^"task-orchestrator" was installed into ~\/\.codeium\/windsurf\/mcp_config\.json on \d{4}-\d\d-\d\d \(run .*\) and is no longer there$/,
      ),
      details: { state: 'lost', repair: { client: 'windsurf', launcher: 'node', dataDir: null } },
    });

    const fixed = await doctor(machine, { fix: true });
    expect(fixed.fixes).toEqual([
      {
        check: 'clients',
        status: 'fixed',
        message: expect.stringMatching(/^Windsurf: "task-orchestrator" in ~\/\.codeium\/windsurf\/mcp_config\.json installed again/),
      },
    ]);
    expect(JSON.parse(read(file('home/.codeium/windsurf/mcp_config.json'))).mcpServers[NAME]).toEqual(OURS);
    expect(read(file(CURSOR))).toBe(cursorBefore);
    expect(result(fixed, 'clients.cursor')?.status).toBe('warn');
    expect(result(fixed, 'clients.windsurf.user')?.status).toBe('ok');
  });

  test('TOML and YAML configs are checked and repaired like JSON ones: Codex and Goose', async () => {
    const codex =
      '# mine\nmodel = "o3"\n\n[mcp_servers.task-orchestrator]\ncommand = "/old/node"\nargs = ["/old/orchestrator/bin/orchestrator.js", "serve"]\n\n[tui]\nx = 1\n';
    const goose = 'extensions:\n  task-orchestrator:\n    name: task-orchestrator\n    cmd: x\n    args: [\n';
    const { machine, file } = setup({ 'home/.codex/config.toml': codex, 'home/.config/goose/config.yaml': goose });
    const found = await doctor(machine);
    expect(result(found, 'clients.codex.user')).toMatchObject({ status: 'warn', details: { state: 'stale' } });
    expect(result(found, 'clients.goose.user')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^~\/\.config\/goose\/config\.yaml:\d+:\d+: does not parse/),
    });
    const fixed = await doctor(machine, { fix: true });
    expect(fixed.fixes).toEqual([
      { check: 'clients', status: 'fixed', message: expect.stringContaining('"task-orchestrator" in ~/.codex/config.toml rewritten') },
    ]);
    expect(read(file('home/.codex/config.toml'))).toBe(
      `# mine\nmodel = "o3"\n\n[mcp_servers.task-orchestrator]\ncommand = ${JSON.stringify(OURS.command)}\nargs = ${JSON.stringify(OURS.args).replace(',', ', ')}\n\n[tui]\nx = 1\n`,
    );
    expect(read(file('home/.config/goose/config.yaml'))).toBe(goose);
    const again = await doctor(machine);
    expect(result(again, 'clients.codex.user')).toMatchObject({ status: 'ok' });
    expect(result(again, 'clients.codex.user.handshake')).toMatchObject({ status: 'ok' });
  });

  test("an entry whose name would push prefixed tool names past the client's limit warns", async () => {
    const long = 'orchestrator-for-the-whole-team';
    const { machine } = setup({ 'home/.gemini/settings.json': mcpServers({ [long]: OURS }) });
    const report = await doctor(machine, {}, ['gemini-cli']);
    expect(result(report, `clients.gemini-cli.user.${long}.names`)).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('at most 63 characters'),
    });
  });

  test('--client limits the check to the named clients, detected or not', async () => {
    const { machine } = setup({ [CURSOR]: mcpServers({}) });
    const report = await doctor(machine, {}, ['zed']);
    expect(ids(report)).toEqual([['clients.zed', 'warn']]);
    expect(result(report, 'clients.zed').message).toBe('not detected, but none of its configs has "task-orchestrator"');
    const none = await doctor(machineFacts());
    expect(ids(none)).toEqual([['clients.none', 'ok']]);
  });

  test("a bare command found only through this shell's PATH warns for Claude Desktop, which does not read a shell profile", async () => {
    const entry = { command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] };
    const { box, machine } = setup({
      'home/.config/Claude/claude_desktop_config.json': mcpServers({ [NAME]: entry }),
      'home/.config/Code/User/mcp.json': JSON.stringify({ servers: { [NAME]: { type: 'stdio', ...entry } } }),
      'desktop-bin/.keep': '',
    });
    // A stand-in npx on the terminal's PATH (it answers nothing and exits), none on the desktop PATH.
    writeFileSync(path.join(box.bin, 'npx'), '#!/bin/sh\nexit 1\n');
    chmodSync(path.join(box.bin, 'npx'), 0o755);
    const report = await doctor({ ...machine, desktopPath: path.join(box.root, 'desktop-bin') });
    expect(result(report, 'clients.claude-desktop.user.command')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(
        /^npx is found only through this shell's PATH .*; Claude Desktop started from the Dock or a launcher gets PATH .* and will fail with "spawn npx ENOENT"$/,
      ),
      fix: expect.stringContaining('orchestrator install --client claude-desktop'),
    });
    expect(result(report, 'clients.vscode.user.command')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining("VS Code reads your login shell's PATH"),
    });
    // With npx also on the desktop PATH, the same entry is fine.
    mkdirSync(path.join(box.root, 'desktop-bin'), { recursive: true });
    writeFileSync(path.join(box.root, 'desktop-bin', 'npx'), '#!/bin/sh\nexit 1\n');
    chmodSync(path.join(box.root, 'desktop-bin', 'npx'), 0o755);
    const other = await doctor({ ...machine, desktopPath: path.join(box.root, 'desktop-bin') });
    expect(result(other, 'clients.claude-desktop.user.command')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('another version may run'),
    });
    rmSync(path.join(box.bin, 'npx'));
    const onlyDesktop = await doctor({ ...machine, desktopPath: path.join(box.root, 'desktop-bin') });
    expect(result(onlyDesktop, 'clients.claude-desktop.user.command')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^npx is not on PATH/),
    });
  });

  test('Claude Code: user, local and project configs are read; with `claude` on PATH, --fix goes through `claude mcp`', async () => {
    const { box, machine } = setup();
    const stale = { type: 'stdio', command: '/old/node', args: ['/old/orchestrator/bin/orchestrator.js', 'serve'] };
    writeFileSync(
      path.join(box.home, '.claude.json'),
      JSON.stringify({ mcpServers: {}, projects: { [box.project]: { mcpServers: { [NAME]: stale } } } }),
    );
    writeFileSync(path.join(box.project, '.mcp.json'), mcpServers({ [NAME]: { type: 'stdio', ...OURS } }));
    const { log } = installFakeClaude(box);
    const found = await doctor(machine);
    expect(result(found, 'clients.claude-code.local')).toMatchObject({ status: 'warn', details: { state: 'stale' } });
    expect(result(found, 'clients.claude-code.project')).toMatchObject({ status: 'ok' });
    expect(readCalls(log)).toEqual([]); // looking never starts `claude`

    const fixed = await doctor(machine, { fix: true });
    expect(fixed.fixes.map((record) => record.status)).toEqual(['fixed']);
    expect(readCalls(log).slice(0, 2)).toEqual([
      ['mcp', 'remove', NAME, '--scope', 'local'],
      ['mcp', 'add-json', NAME, JSON.stringify({ type: 'stdio', ...OURS }), '--scope', 'local'],
    ]);
    expect(result(fixed, 'clients.claude-code.local')).toMatchObject({ status: 'ok' });
    expect(JSON.parse(readFileSync(path.join(box.project, '.mcp.json'), 'utf8')).mcpServers[NAME]).toEqual({ type: 'stdio', ...OURS });
  });
});
