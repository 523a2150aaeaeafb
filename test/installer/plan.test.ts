import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInstall } from '../../src/installer/plan-install.js';
import { planUninstall } from '../../src/installer/plan-uninstall.js';
import { CONTEXT, installFakeClaude, snapshot, testMachine } from '../helpers/installer.js';

const server = { command: CONTEXT.nodePath, args: [CONTEXT.binPath, 'serve'] };

describe('plans are data', () => {
  it('hold the text of each file before and after, and the commands to run, without touching the disk', () => {
    const cursor = '{\n  "mcpServers": {}\n}\n';
    const machine = testMachine({ 'home/.cursor/mcp.json': cursor });
    installFakeClaude(machine);
    const before = snapshot(machine.root);
    const plan = planInstall(
      { clients: ['cursor', 'claude-code', 'windsurf'], scope: 'project', name: 'task-orchestrator', server },
      machine.env,
      [],
    );
    expect(snapshot(machine.root)).toEqual(before);
    expect(plan.items).toMatchObject([
      {
        client: 'cursor',
        scope: 'project',
        file: path.join(machine.project, '.cursor', 'mcp.json'),
        via: 'file',
        status: 'add',
        before: null,
        after: expect.stringContaining('"task-orchestrator"'),
        created: { depth: 0, file: true },
        commands: [],
      },
      {
        client: 'claude-code',
        via: 'claude-cli',
        status: 'add',
        commands: [
          {
            command: path.join(machine.bin, 'claude'),
            args: ['mcp', 'add-json', 'task-orchestrator', JSON.stringify({ type: 'stdio', ...server }), '--scope', 'project'],
            cwd: machine.project,
          },
        ],
        undo: [{ args: ['mcp', 'remove', 'task-orchestrator', '--scope', 'project'] }],
        confirm: { args: ['mcp', 'get', 'task-orchestrator'] },
      },
      { client: 'windsurf', status: 'skip', file: null, reason: 'Windsurf has no project config (it has: user).' },
    ]);
  });

  it("chain two changes to one file: the second starts from the first one's result", () => {
    const text = '{\n  "mcpServers": {\n    "task-orchestrator": {"command": "x"}\n  },\n  "projects": {}\n}\n';
    const machine = testMachine({ 'home/.claude.json': text });
    const local = planInstall({ clients: ['claude-code'], scope: 'local', name: 'task-orchestrator', server }, machine.env, []);
    const withLocal = local.items[0]!.after!;
    writeFileSync(path.join(machine.home, '.claude.json'), withLocal);
    const plan = planUninstall({ clients: ['claude-code'], name: 'task-orchestrator' }, machine.env, []);
    expect(plan.items.map((item) => item.scope)).toEqual(['user', 'local']);
    expect(plan.items[1]!.before).toBe(plan.items[0]!.after);
    expect(JSON.parse(plan.items[1]!.after!)).toEqual({ mcpServers: {}, projects: { [machine.project]: { mcpServers: {} } } });
  });
});
