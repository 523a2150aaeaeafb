import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getClient, runInstall, runUninstall, type ClientId } from '../../src/installer/index.js';
import { LONGEST_TOOL_NAME } from '../../src/installer/constants.js';
import { toolNameWarnings } from '../../src/installer/plan-install.js';
import { parseToolsets, TOOLSET_NAMES, toolNames } from '../../src/server/toolsets.js';
import { CONTEXT, read, snapshot, testMachine, type TestMachine } from '../helpers/installer.js';
import { CLIENT_FIXTURES } from './client-fixtures.js';

const NAME = 'task-orchestrator';

function install(machine: TestMachine, clients: readonly ClientId[], name = NAME) {
  return runInstall({ clients, scope: 'user', name, launcher: 'node', dryRun: false, verify: false }, { env: machine.env, context: CONTEXT });
}

describe('client by client', () => {
  it('Cline: writes the shared settings file and, while Cline has not moved to it, the old globalStorage one; uninstall gives both back', async () => {
    const legacy = 'home/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json';
    const machine = testMachine({ [legacy]: CLIENT_FIXTURES.cline.text });
    const before = snapshot(machine.root);
    const report = await install(machine, ['cline']);
    expect(report.items.map((item) => [item.variant, item.status])).toEqual([
      [null, 'add'],
      ['old VS Code file', 'add'],
    ]);
    expect(JSON.parse(read(path.join(machine.home, '.cline/data/settings/cline_mcp_settings.json'))).mcpServers[NAME]).toBeDefined();
    await runUninstall({ clients: ['cline'], name: NAME, dryRun: false }, { env: machine.env, context: CONTEXT });
    const after = snapshot(machine.root);
    expect(after[legacy]).toBe(before[legacy]);
    expect(existsSync(path.join(machine.home, '.cline/data/settings/cline_mcp_settings.json'))).toBe(false);
  });

  it('Continue: never creates config.yaml, which would hide an older config.json', async () => {
    const machine = testMachine({ 'home/.continue/config.json': '{"models": []}' });
    const report = await install(machine, ['continue']);
    expect(report.ok).toBe(false);
    expect(report.items[0]).toMatchObject({ status: 'skip', reason: expect.stringContaining('start Continue once') });
    expect(existsSync(path.join(machine.home, '.continue/config.yaml'))).toBe(false);
  });

  it('Codex refuses a whole config whose entry has a type: a reinstall removes one a person added', async () => {
    const machine = testMachine({
      'home/.codex/config.toml': `model = "o3"\n\n[mcp_servers.${NAME}]\ntype = "stdio"\ncommand = "${CONTEXT.nodePath}"\nargs = ["${CONTEXT.binPath}", "serve"]\n`,
    });
    const report = await install(machine, ['codex']);
    expect(report.items[0]).toMatchObject({ status: 'update' });
    expect(read(path.join(machine.home, '.codex/config.toml'))).toBe(
      `model = "o3"\n\n[mcp_servers.${NAME}]\ncommand = "${CONTEXT.nodePath}"\nargs = ["${CONTEXT.binPath}", "serve"]\n`,
    );
  });
});

describe('tool names a client builds from the server name', () => {
  it('knows our longest tool name, in every toolset', () => {
    const longest = TOOLSET_NAMES.flatMap((set) => toolNames(parseToolsets(set))).reduce((a, b) => (b.length > a.length ? b : a));
    expect(LONGEST_TOOL_NAME).toBe(longest);
  });

  it("warns when --name would push them past Gemini CLI's 63 or Codex's and Claude Code's 64 characters", async () => {
    expect(toolNameWarnings(getClient('gemini-cli'), NAME)).toEqual([]);
    expect(toolNameWarnings(getClient('codex'), 'a'.repeat(21))).toEqual([]);
    expect(toolNameWarnings(getClient('codex'), 'a'.repeat(22))[0]).toMatch(
      /Codex CLI names tools mcp__<server>__<tool> and accepts at most 64 characters.*has 65\. Use --name with at most 21 characters/,
    );
    expect(toolNameWarnings(getClient('gemini-cli'), 'a'.repeat(23))[0]).toMatch(/at most 63 characters.*at most 22 characters/);
    expect(toolNameWarnings(getClient('cursor'), 'a'.repeat(60))).toEqual([]);
    const machine = testMachine();
    const report = await install(machine, ['claude-code', 'cursor'], 'my-very-long-orchestrator-name');
    expect(report.items[0]!.warnings).toEqual([expect.stringContaining('Claude Code names tools mcp__<server>__<tool>')]);
    expect(report.items[1]!.warnings).toEqual([]);
  });
});
