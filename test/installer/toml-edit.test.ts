import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ConfigParseError } from '../../src/installer/formats/index.js';
import { toml } from '../../src/installer/formats/toml/edit.js';

const SECTION = ['mcp_servers'];
const NAME = 'task-orchestrator';
const ENTRY = { command: '/usr/bin/node', args: ['/opt/orchestrator-mcp/bin/orchestrator.js', 'serve'] };
const never = () => false;

/** Codex config files the way people and `codex mcp add` leave them. */
const FIXTURES: Record<string, string> = {
  'settings, other servers, profiles and comments':
    '# Codex settings\nmodel = "o3"  # the default model\napproval_policy = "on-request"\n\n[mcp_servers.context7]\ncommand = "npx"\n' +
    'args = ["-y", "@upstash/context7-mcp"]\n\n[mcp_servers.context7.env]\nAPI_KEY = "secret"\n\n# fast profile\n[profiles.fast]\nmodel = "o4-mini"\n',
  'no servers yet, no final line break': 'model = "o3"\n[tui]\nnotifications = true',
  'CRLF line endings': 'model = "o3"\r\n\r\n[mcp_servers.git]\r\ncommand = "uvx"\r\nargs = ["mcp-server-git"]\r\n',
  'brackets inside strings and multi-line values':
    'notice = """\n[mcp_servers.fake]\ncommand = "no"\n"""\nlist = [\n  ["a", "b"],\n  [\'[c]\'],\n]\n\n[mcp_servers.a]\ncommand = "x"   \n# trailing note\n',
  'an array of tables last': '[mcp_servers.a]\ncommand = "x"\n\n[[hooks]]\nrun = "echo"\n',
  'only comments': '# nothing configured yet\n',
};

describe('TOML: our table in, our table out, byte for byte', () => {
  for (const [label, text] of Object.entries(FIXTURES)) {
    it(label, () => {
      const added = toml.set(text, SECTION, NAME, ENTRY, never);
      expect(added.change).toBe('added');
      const after = added.text;
      expect((parse(after) as { mcp_servers: Record<string, unknown> }).mcp_servers[NAME]).toEqual(ENTRY);
      expect(after).toContain(`[mcp_servers.${NAME}]`);
      if (text.includes('\r\n')) expect(after.replace(/\r\n/g, '')).not.toContain('\n');
      expect(toml.servers(after, SECTION)![NAME]).toEqual(ENTRY);
      const removed = toml.remove(after, SECTION, NAME, added.change === 'added' ? added.creation : null);
      expect(removed).toMatchObject({ change: 'removed', text });
    });
  }

  it('puts our table right after the last server table, not at the end', () => {
    const { text } = toml.set(FIXTURES['settings, other servers, profiles and comments']!, SECTION, NAME, ENTRY, never);
    expect(text.indexOf(`[mcp_servers.${NAME}]`)).toBeGreaterThan(text.indexOf('API_KEY'));
    expect(text.indexOf(`[mcp_servers.${NAME}]`)).toBeLessThan(text.indexOf('# fast profile'));
  });

  it('creates a missing file and deletes it again; a blank file comes back blank', () => {
    const created = toml.set(null, SECTION, NAME, { ...ENTRY, env: { ORCHESTRATOR_TOOLSETS: 'tasks' } }, never);
    expect(created.text).toBe(
      `[mcp_servers.${NAME}]\ncommand = "/usr/bin/node"\nargs = ["/opt/orchestrator-mcp/bin/orchestrator.js", "serve"]\nenv = { ORCHESTRATOR_TOOLSETS = "tasks" }\n`,
    );
    expect(toml.remove(created.text, SECTION, NAME, created.change === 'added' ? created.creation : null)).toMatchObject({ text: null });
    const blank = toml.set('\n\n', SECTION, NAME, ENTRY, never);
    expect(toml.remove(blank.text, SECTION, NAME, blank.change === 'added' ? blank.creation : null)).toMatchObject({ text: '\n\n' });
  });

  it('replaces a stale table and its [….env] sub-table with one table, in place', () => {
    const text =
      'model = "o3"\n\n[mcp_servers."task-orchestrator"]\ncommand = "old"\n\n[mcp_servers.task-orchestrator.env]\nA = "1"\n\n[tui]\nx = 1\n';
    const updated = toml.set(text, SECTION, NAME, { ...ENTRY, env: { A: '1' } }, never);
    expect(updated).toMatchObject({ change: 'updated', previous: { command: 'old', env: { A: '1' } } });
    expect(updated.text).toBe(
      `model = "o3"\n\n[mcp_servers.${NAME}]\ncommand = "/usr/bin/node"\nargs = ["/opt/orchestrator-mcp/bin/orchestrator.js", "serve"]\nenv = { A = "1" }\n\n[tui]\nx = 1\n`,
    );
    expect(toml.set(updated.text, SECTION, NAME, ENTRY, () => true)).toMatchObject({ change: 'unchanged', text: updated.text });
  });

  it('refuses to touch an entry written inline, a section that is not a table, and a file that does not parse', () => {
    const inline = `[mcp_servers]\n${NAME} = { command = "old" }\n`;
    expect(() => toml.set(inline, SECTION, NAME, ENTRY, never)).toThrow(/not written as its own \[mcp_servers.task-orchestrator\] table/);
    expect(() => toml.remove(inline, SECTION, NAME, null)).toThrow(ConfigParseError);
    expect(() => toml.set('mcp_servers = 5\n', SECTION, NAME, ENTRY, never)).toThrow(/"mcp_servers" is not a table/);
    // An inline section table is closed: a new [mcp_servers.x] header would redefine it.
    expect(() => toml.set('mcp_servers = { a = { command = "x" } }\n', SECTION, NAME, ENTRY, never)).toThrow(ConfigParseError);
    try {
      toml.set('model = "o3"\nargs = [\n', SECTION, NAME, ENTRY, never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigParseError);
      expect((error as ConfigParseError).problem.line).toBe(3);
    }
  });

  it('reads every server of the section, and says when there is none', () => {
    expect(Object.keys(toml.servers(FIXTURES['settings, other servers, profiles and comments']!, SECTION)!)).toEqual(['context7']);
    expect(toml.servers('model = "o3"\n', SECTION)).toBeUndefined();
    expect(toml.remove('model = "o3"\n', SECTION, NAME, null)).toEqual({ change: 'absent' });
  });

  it('escapes what TOML needs escaped', () => {
    const odd = { command: 'C:\\Program Files\\node.exe', args: ['quote " and tab \t and del \u007f', 'ünïcode'] };
    const { text } = toml.set(null, SECTION, 'odd name', odd, never);
    expect(text).toContain('[mcp_servers."odd name"]');
    expect((parse(text) as { mcp_servers: Record<string, unknown> }).mcp_servers['odd name']).toEqual(odd);
  });
});
