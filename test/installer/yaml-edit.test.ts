import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigParseError, type Creation } from '../../src/installer/formats/index.js';
import { yamlList, yamlMap } from '../../src/installer/formats/yaml/edit.js';

const NAME = 'task-orchestrator';
const never = () => false;
const GOOSE_ENTRY = {
  name: NAME,
  type: 'stdio',
  enabled: true,
  cmd: '/usr/bin/node',
  args: ['/opt/o/bin/orchestrator.js', 'serve'],
  envs: {},
  env_keys: [],
  timeout: 300,
};
const CONTINUE_ENTRY = { name: NAME, command: '/usr/bin/node', args: ['/opt/o/bin/orchestrator.js', 'serve'] };

/** Goose config.yaml files as goose (serde_yaml) and people leave them. */
const GOOSE: Record<string, string> = {
  'settings and extensions, indentless lists, a setting after':
    'GOOSE_PROVIDER: anthropic\nGOOSE_MODEL: claude-sonnet-4\nextensions:\n  developer:\n    bundled: true\n    display_name: Developer\n' +
    '    enabled: true\n    name: developer\n    timeout: 300\n    type: builtin\n  github:\n    args:\n    - -y\n    - "@modelcontextprotocol/server-github"\n' +
    '    cmd: npx\n    enabled: true  # on\n    envs: {}\n    name: github\n    type: stdio\nGOOSE_MODE: smart_approve   # after the extensions\n',
  'no extensions yet, no final line break': '# goose\nGOOSE_PROVIDER: openai',
  'empty flow mapping': 'GOOSE_PROVIDER: openai\nextensions: {}\nGOOSE_MODE: auto\n',
  'null with a comment on its line': 'extensions:   # none yet\nGOOSE_MODE: auto\n',
  'CRLF and four spaces': 'extensions:\r\n    memory:\r\n        name: memory\r\n        type: builtin\r\n        enabled: false\r\n',
  'only comments': '# written by hand\n',
};

/** Continue config.yaml files. */
const CONTINUE: Record<string, string> = {
  'models and servers':
    'name: Local Config\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Claude\n    provider: anthropic\n    model: claude-sonnet-4\n' +
    'mcpServers:\n  - name: SQLite MCP\n    command: npx\n    args:\n      - "-y"\n      - "mcp-sqlite"\n      - /tmp/db.sqlite\n',
  'no servers yet': 'name: Local Config\nversion: 1.0.0\nschema: v1\nmodels: []\n',
  'an empty list': 'name: Local Config\nversion: 1.0.0\nschema: v1\nmcpServers: []\nrules:\n  - Be brief\n',
  'indentless list': 'name: x\nversion: 1.0.0\nmcpServers:\n- name: a\n  command: x\n',
};

function roundTrip(format: typeof yamlMap, section: string[], text: string, entry: Record<string, unknown>) {
  const added = format.set(text, section, NAME, entry, never);
  expect(added.change).toBe('added');
  const creation: Creation = added.change === 'added' ? added.creation : { depth: 0, file: false };
  expect(format.servers(added.text, section)![NAME]).toEqual(entry);
  if (text.includes('\r\n')) expect(added.text.replace(/\r\n/g, '')).not.toContain('\n');
  expect(format.remove(added.text, section, NAME, creation)).toMatchObject({ change: 'removed', text });
  return added.text;
}

describe('YAML mapping (Goose): our entry in, our entry out, byte for byte', () => {
  for (const [label, text] of Object.entries(GOOSE)) it(label, () => roundTrip(yamlMap, ['extensions'], text, GOOSE_ENTRY));

  it('writes a block at the indentation of its neighbours, values in flow style', () => {
    const after = roundTrip(yamlMap, ['extensions'], GOOSE['settings and extensions, indentless lists, a setting after']!, GOOSE_ENTRY);
    expect(after).toContain(
      '    type: stdio\n  task-orchestrator:\n    name: "task-orchestrator"\n    type: "stdio"\n    enabled: true\n    cmd: "/usr/bin/node"\n' +
        '    args: ["/opt/o/bin/orchestrator.js","serve"]\n    envs: {}\n    env_keys: []\n    timeout: 300\nGOOSE_MODE: smart_approve',
    );
    expect(parse(after).GOOSE_MODE).toBe('smart_approve');
  });

  it('keeps a comment on the line of an empty section where it was', () => {
    const after = roundTrip(yamlMap, ['extensions'], GOOSE['null with a comment on its line']!, GOOSE_ENTRY);
    expect(after.split('\n')[0]).toBe('extensions:   # none yet');
  });

  it('replaces a stale entry in place, and says unchanged for a current one', () => {
    const text = 'extensions:\n  task-orchestrator:\n    cmd: old\n    name: task-orchestrator\n  other:\n    name: other\n';
    const updated = yamlMap.set(text, ['extensions'], NAME, GOOSE_ENTRY, never);
    expect(updated).toMatchObject({ change: 'updated', previous: { cmd: 'old' } });
    expect(parse(updated.text)).toEqual({ extensions: { [NAME]: GOOSE_ENTRY, other: { name: 'other' } } });
    expect(yamlMap.set(updated.text, ['extensions'], NAME, GOOSE_ENTRY, () => true)).toMatchObject({ change: 'unchanged' });
  });

  it("without the install's record, removing the last entry leaves an empty mapping rather than a null", () => {
    const text = 'extensions:\n  task-orchestrator:\n    name: task-orchestrator\n    cmd: x\nGOOSE_MODE: auto\n';
    expect(yamlMap.remove(text, ['extensions'], NAME, null)).toMatchObject({ text: 'extensions: {}\nGOOSE_MODE: auto\n' });
  });

  it('creates a missing file and deletes it again', () => {
    const created = yamlMap.set(null, ['extensions'], NAME, GOOSE_ENTRY, never);
    expect(created.text.startsWith('extensions:\n  task-orchestrator:\n    name: "task-orchestrator"\n')).toBe(true);
    expect(yamlMap.remove(created.text, ['extensions'], NAME, created.change === 'added' ? created.creation : null)).toMatchObject({ text: null });
  });

  it('refuses flow style, a section that is not a mapping, several documents and a file that does not parse', () => {
    expect(() => yamlMap.set('extensions: {a: {name: a}}\n', ['extensions'], NAME, GOOSE_ENTRY, never)).toThrow(/flow style/);
    expect(() => yamlMap.set('extensions: [1]\n', ['extensions'], NAME, GOOSE_ENTRY, never)).toThrow(/"extensions" is not a mapping/);
    expect(() => yamlMap.set('a: 1\n---\nb: 2\n', ['extensions'], NAME, GOOSE_ENTRY, never)).toThrow(ConfigParseError);
    try {
      yamlMap.set('extensions:\n  a: [\nb: 1\n', ['extensions'], NAME, GOOSE_ENTRY, never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigParseError);
      expect((error as ConfigParseError).problem.line).toBeGreaterThan(1);
    }
  });
});

describe('YAML list (Continue): our item in, our item out, byte for byte', () => {
  for (const [label, text] of Object.entries(CONTINUE)) it(label, () => roundTrip(yamlList, ['mcpServers'], text, CONTINUE_ENTRY));

  it("appends an item in the list's own style", () => {
    const after = roundTrip(yamlList, ['mcpServers'], CONTINUE['indentless list']!, CONTINUE_ENTRY);
    expect(after).toBe(
      `${CONTINUE['indentless list']}- name: "task-orchestrator"\n  command: "/usr/bin/node"\n  args: ["/opt/o/bin/orchestrator.js","serve"]\n`,
    );
  });

  it('finds items by name, and replaces ours in place', () => {
    const text = `mcpServers:\n  - name: ${NAME}\n    command: old\n  - name: b\n    command: y\n`;
    expect(Object.keys(yamlList.servers(text, ['mcpServers'])!)).toEqual([NAME, 'b']);
    const updated = yamlList.set(text, ['mcpServers'], NAME, CONTINUE_ENTRY, never);
    expect(parse(updated.text)).toEqual({ mcpServers: [CONTINUE_ENTRY, { name: 'b', command: 'y' }] });
  });
});
