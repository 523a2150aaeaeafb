import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DoctorReport, ReportedResult } from '../../src/diagnostics/index.js';
import { binEnv, runBin, runJson } from '../helpers/bin.js';

const NAME = 'task-orchestrator';
const result = (report: DoctorReport, id: string) => report.results.find((item) => item.id === id) as ReportedResult;

/** A home with client configs in it (relative paths), and a project folder to run from. */
function machine(files: Record<string, string>) {
  const setup = binEnv();
  const project = path.join(setup.root, 'project');
  mkdirSync(project, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(setup.root, name)), { recursive: true });
    writeFileSync(path.join(setup.root, name), text);
  }
  const file = (name: string) => path.join(setup.root, name);
  return { ...setup, project, file };
}

describe('orchestrator doctor: client checks (built binary)', () => {
  test('a stale entry, a config that does not parse and a duplicate; --fix rewrites only the stale entry', () => {
    const cursor =
      '{\n  "mcpServers": {\n    "task-orchestrator": { "command": "/old/node", "args": ["/old/orchestrator/bin/orchestrator.js", "serve"] },\n    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n  }\n}\n';
    const zed = '// Zed settings\n{\n  "theme": "One Dark"\n  "context_servers": {}\n}\n';
    const settings = JSON.stringify({ mcp: { servers: { [NAME]: { command: 'npx', args: ['-y', 'orchestrator-mcp@0', 'serve'] } } } });
    const { env, project, file } = machine({
      '.cursor/mcp.json': cursor,
      '.config/zed/settings.json': zed,
      '.config/Code/User/settings.json': settings,
    });

    const found = runJson<DoctorReport>(['doctor'], env, { cwd: project });
    expect(found.status).toBe(1);
    expect(result(found.json, 'clients.cursor.user')).toMatchObject({ status: 'warn', details: { state: 'stale' } });
    expect(result(found.json, 'clients.cursor.user.command')).toMatchObject({ status: 'fail', message: '/old/node does not exist' });
    expect(result(found.json, 'clients.zed.user')).toMatchObject({ status: 'fail', details: { line: 4, column: 3 } });
    expect(result(found.json, 'clients.vscode.user.legacy')).toMatchObject({ status: 'warn', title: 'VS Code (user) deprecated' });

    const text = runBin(['doctor'], env, { cwd: project });
    expect(text.stdout).toMatch(/\nClients\n/);
    expect(text.stdout).toMatch(/✖ Zed \(user\) +~\/\.config\/zed\/settings\.json:4:3: does not parse: a comma was expected/);
    expect(text.stdout).toMatch(/⚠ Cursor \(user\) +~\/\.cursor\/mcp\.json "task-orchestrator" is stale/);
    expect(text.stdout).toMatch(/→ `orchestrator doctor --fix` rewrites this entry alone/);

    const fixed = runJson<DoctorReport>(['doctor', '--fix'], env, { cwd: project });
    expect(fixed.json.fixes).toEqual([
      {
        check: 'clients',
        status: 'fixed',
        message: expect.stringMatching(/^Cursor \(user\): "task-orchestrator" in ~\/\.cursor\/mcp\.json rewritten/),
      },
    ]);
    expect(fixed.status).toBe(1); // Zed's file still does not parse
    expect(readFileSync(file('.config/zed/settings.json'), 'utf8')).toBe(zed);
    expect(readFileSync(file('.config/Code/User/settings.json'), 'utf8')).toBe(settings);
    const after = JSON.parse(readFileSync(file('.cursor/mcp.json'), 'utf8'));
    expect(after.mcpServers.memory).toEqual({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] });
    expect(after.mcpServers[NAME]).toEqual({ command: process.execPath, args: [expect.stringMatching(/bin\/orchestrator\.js$/), 'serve'] });
    expect(result(fixed.json, 'clients.cursor.user.handshake')).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/^initialize in \d+ ms/),
    });

    writeFileSync(file('.config/zed/settings.json'), zed.replace('"One Dark"', '"One Dark",'));
    const healthy = runJson<DoctorReport>(['doctor', '--client', 'cursor,zed'], env, { cwd: project });
    expect(healthy.status).toBe(0);
    expect(healthy.json.results.filter((item) => item.check === 'clients').map((item) => [item.id, item.status])).toEqual([
      ['clients.cursor.user', 'ok'],
      ['clients.cursor.user.command', 'ok'],
      ['clients.cursor.user.handshake', 'ok'],
      ['clients.cursor.user.tools', 'ok'],
      ['clients.zed', 'warn'],
    ]);
  });

  test('install, then doctor: ok with the handshake time; an unknown --client is a usage error', () => {
    const { env, project } = machine({ '.codeium/windsurf/mcp_config.json': '{}\n' });
    expect(runBin(['install', '--client', 'windsurf', '--no-verify'], env, { cwd: project }).status).toBe(0);
    const text = runBin(['doctor'], env, { cwd: project });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/✔ Windsurf handshake +initialize in \d+ ms, tools\/list in \d+ ms: 9 tools/);
    expect(text.stdout).toMatch(/✔ Windsurf tools +9 of 100 tools/);
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(/^✔ All \d+ checks passed\.$/);

    const bad = runBin(['doctor', '--client', 'notepad'], env, { cwd: project });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown client "notepad"');
  });
});
