import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { deleteEntry, setEntry } from '../../src/installer/formats/json/entry-edit.js';
import { ConfigParseError } from '../../src/installer/formats/index.js';

const ENTRY = { command: '/usr/bin/node', args: ['/opt/orchestrator/bin/orchestrator.js', 'serve'] };
const never = () => false;

/** Config texts the way people and tools leave them. */
const FIXTURES: Record<string, { text: string; section: string[] }> = {
  'two spaces, other servers': {
    section: ['mcpServers'],
    text: '{\n  "mcpServers": {\n    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }\n  },\n  "globalShortcut": ""\n}\n',
  },
  'tabs and CRLF': {
    section: ['mcpServers'],
    text: '{\r\n\t"mcpServers": {\r\n\t\t"a": {\r\n\t\t\t"command": "x"\r\n\t\t}\r\n\t}\r\n}\r\n',
  },
  'four spaces, VS Code inputs': {
    section: ['servers'],
    text: '{\n    "inputs": [\n        { "type": "promptString", "id": "token", "password": true }\n    ],\n    "servers": {\n        "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}\n    }\n}\n',
  },
  'comments and trailing commas (Zed)': {
    section: ['context_servers'],
    text: '// Zed settings\n//\n// For information on how to configure Zed, see the Zed documentation.\n{\n  "theme": "One Dark", // my theme\n  /* servers */\n  "context_servers": {\n    "other": {\n      "command": "uvx",\n      "args": ["mcp-server-git"], // git\n    },\n  },\n  "vim_mode": true,\n}\n',
  },
  'comment after the last server': {
    section: ['mcpServers'],
    text: '{\n  "mcpServers": {\n    "a": { "command": "x" } // keep me here\n  }\n}\n',
  },
  'empty section {}': { section: ['mcpServers'], text: '{\n  "mcpServers": {}\n}\n' },
  'empty section over lines': { section: ['mcpServers'], text: '{\n  "mcpServers": {\n  }\n}\n' },
  'section missing, other settings': { section: ['context_servers'], text: '{\n  // editor\n  "theme": "One Dark",\n}\n' },
  'root {}': { section: ['mcpServers'], text: '{}' },
  'inline object': { section: ['mcpServers'], text: '{"mcpServers": {"a": {"command": "x"}}}' },
  'no final newline': { section: ['mcpServers'], text: '{\n  "mcpServers": {\n    "a": {"command": "x"}\n  }\n}' },
  'Claude Code local scope': {
    section: ['projects', '/home/me/project', 'mcpServers'],
    text: '{\n  "numStartups": 3,\n  "projects": {\n    "/home/me/other": {\n      "mcpServers": {}\n    }\n  }\n}\n',
  },
};

describe('setEntry then deleteEntry', () => {
  for (const [label, { text, section }] of Object.entries(FIXTURES)) {
    it(`${label}: only our entry is added, and removing it gives back every byte`, () => {
      const added = setEntry(text, section, 'task-orchestrator', ENTRY, never);
      expect(added.change).toBe('added');
      // The parsed document is the original plus our entry.
      const expected = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
      setPath(expected, [...section, 'task-orchestrator'], ENTRY);
      expect(parse(added.text, [], { allowTrailingComma: true })).toEqual(expected);
      // Every comment survives, and the file keeps its line endings.
      for (const comment of text.match(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g) ?? []) expect(added.text).toContain(comment);
      if (text.includes('\r\n')) expect(added.text.replace(/\r\n/g, '')).not.toContain('\n');
      const creation = added.change === 'added' ? added.creation : null;
      const removed = deleteEntry(added.text, section, 'task-orchestrator', creation);
      expect(removed).toMatchObject({ change: 'removed', text });
    });
  }

  it('inserts on its own line, copies indentation and keeps the comment on its line', () => {
    const { text } = setEntry(FIXTURES['comment after the last server']!.text, ['mcpServers'], 'ours', { command: 'n', args: ['a'] }, never);
    expect(text).toBe(
      '{\n  "mcpServers": {\n    "a": { "command": "x" }, // keep me here\n    "ours": {\n      "command": "n",\n      "args": [\n        "a"\n      ]\n    }\n  }\n}\n',
    );
  });

  it('keeps tabs and CRLF', () => {
    const { text } = setEntry(FIXTURES['tabs and CRLF']!.text, ['mcpServers'], 'ours', { command: 'n' }, never);
    expect(text).toBe(
      '{\r\n\t"mcpServers": {\r\n\t\t"a": {\r\n\t\t\t"command": "x"\r\n\t\t},\r\n\t\t"ours": {\r\n\t\t\t"command": "n"\r\n\t\t}\r\n\t}\r\n}\r\n',
    );
  });

  it('follows the trailing-comma habit of the object', () => {
    const { text } = setEntry('{\n  "context_servers": {\n    "a": {},\n  },\n}\n', ['context_servers'], 'ours', { command: 'n' }, never);
    expect(text).toBe('{\n  "context_servers": {\n    "a": {},\n    "ours": {\n      "command": "n"\n    },\n  },\n}\n');
  });

  it('creates a missing file, and deleting from it removes the file', () => {
    const added = setEntry(null, ['mcpServers'], 'ours', { command: 'n' }, never);
    expect(added).toMatchObject({ change: 'added', text: '{\n  "mcpServers": {\n    "ours": {\n      "command": "n"\n    }\n  }\n}\n' });
    const creation = added.change === 'added' ? added.creation : null;
    expect(deleteEntry(added.text, ['mcpServers'], 'ours', creation)).toMatchObject({ change: 'removed', text: null });
  });

  it('without a record of creating the section, leaves the section in place', () => {
    const added = setEntry('{\n  "theme": "x"\n}\n', ['context_servers'], 'ours', { command: 'n' }, never);
    expect(deleteEntry(added.text, ['context_servers'], 'ours', null)).toMatchObject({
      change: 'removed',
      text: '{\n  "theme": "x",\n  "context_servers": {\n  }\n}\n',
    });
  });

  it('keeps a section the install created once someone else added to it', () => {
    const added = setEntry('{\n  "theme": "x"\n}\n', ['context_servers'], 'ours', { command: 'n' }, never);
    const creation = added.change === 'added' ? added.creation : null;
    const withOther = setEntry(added.text, ['context_servers'], 'theirs', { command: 't' }, never);
    const removed = deleteEntry(withOther.text, ['context_servers'], 'ours', creation);
    expect(removed.change === 'removed' && removed.text).toBe(
      '{\n  "theme": "x",\n  "context_servers": {\n    "theirs": {\n      "command": "t"\n    }\n  }\n}\n',
    );
  });

  it('removes our entry when it is not the last one', () => {
    const text = '{\n  "mcpServers": {\n    "ours": {"command": "n"},\n    "b": {"command": "y"}\n  }\n}\n';
    expect(deleteEntry(text, ['mcpServers'], 'ours', null)).toMatchObject({
      change: 'removed',
      text: '{\n  "mcpServers": {\n    "b": {"command": "y"}\n  }\n}\n',
    });
  });
});

describe('setEntry on an existing entry', () => {
  const text = '{\n    "servers": {\n        "ours": { "type": "stdio", "command": "old" }, // ours\n        "b": {}\n    }\n}\n';

  it('says unchanged when the entry is current, and writes nothing', () => {
    expect(setEntry(text, ['servers'], 'ours', {}, () => true)).toEqual({ change: 'unchanged', text });
  });

  it('replaces only the value of a stale entry', () => {
    const updated = setEntry(text, ['servers'], 'ours', { type: 'stdio', command: 'new' }, () => false);
    expect(updated).toMatchObject({ change: 'updated', previous: { type: 'stdio', command: 'old' } });
    expect(updated.text).toBe(
      '{\n    "servers": {\n        "ours": {\n            "type": "stdio",\n            "command": "new"\n        }, // ours\n        "b": {}\n    }\n}\n',
    );
  });
});

describe('files that must not be touched', () => {
  it.each([
    ['{\n  "mcpServers": {\n    "a": { "command": "x" }\n  \n}\n', 6, 1],
    ['{\n  "mcpServers": { "a": 1 }\n  "b": 2\n}\n', 3, 3],
    ['[1, 2]', 1, 1],
  ])('%j fails with its position', (text, line, column) => {
    let error: unknown;
    try {
      setEntry(text, ['mcpServers'], 'ours', {}, never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).problem).toMatchObject({ line, column });
  });

  it('refuses a section that is not an object', () => {
    expect(() => setEntry('{"mcpServers": []}', ['mcpServers'], 'ours', {}, never)).toThrow(/"mcpServers" is not an object/);
  });
});

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let object = target;
  for (const key of keys.slice(0, -1)) {
    object[key] ??= {};
    object = object[key] as Record<string, unknown>;
  }
  object[keys[keys.length - 1]!] = value;
}

describe('every combination of layout habits', () => {
  interface Layout {
    indent: string;
    eol: string;
    trailing: boolean;
    comment: string;
    servers: number;
    section: boolean;
    after: boolean;
    finalEol: boolean;
  }

  /** Builds a config the way an editor or a person might have left it. */
  function layout(o: Layout): string {
    const { indent: i, eol } = o;
    const comma = o.trailing ? ',' : '';
    const servers = Array.from({ length: o.servers }, (_, n) => `${i}${i}"s${n}": { "command": "c${n}" }`);
    let body = servers.join(`,${eol}`);
    if (o.servers > 0) body += comma;
    if (o.comment === 'line-after-last' && o.servers > 0) body += ' // last one';
    if (o.comment === 'own-line') body += `${o.servers > 0 ? eol : ''}${i}${i}// more to come`;
    if (o.comment === 'block') body += `${o.servers > 0 ? eol : ''}${i}${i}/* a\n   block */`;
    const section = body === '' ? `${i}"mcpServers": {}` : `${i}"mcpServers": {${eol}${body}${eol}${i}}`;
    const keys = [`${i}"first": 1`, ...(o.section ? [section] : []), ...(o.after ? [`${i}"last": [1, 2]`] : [])];
    return `{${eol}${keys.join(`,${eol}`)}${comma}${eol}}${o.finalEol ? eol : ''}`;
  }

  const cases: Layout[] = [];
  for (const indent of ['  ', '    ', '\t'])
    for (const eol of ['\n', '\r\n'])
      for (const trailing of [false, true])
        for (const comment of ['none', 'line-after-last', 'own-line', 'block'])
          for (const servers of [0, 1, 2])
            for (const section of [true, false])
              for (const after of [false, true])
                for (const finalEol of [true, false]) cases.push({ indent, eol, trailing, comment, servers, section, after, finalEol });

  it(`${cases.length} layouts: the entry is added, nothing else changes meaning, and removal restores every byte`, () => {
    const failures: string[] = [];
    for (const options of cases) {
      if (!options.section && options.comment !== 'none') continue;
      const text = layout(options);
      const added = setEntry(text, ['mcpServers'], 'task-orchestrator', ENTRY, never);
      const expected = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
      setPath(expected, ['mcpServers', 'task-orchestrator'], ENTRY);
      const errors: unknown[] = [];
      const reparsed = parse(added.text, errors as never, { allowTrailingComma: true });
      const creation = added.change === 'added' ? added.creation : null;
      const removed = deleteEntry(added.text, ['mcpServers'], 'task-orchestrator', creation);
      const sameEol = options.eol === '\n' || !added.text.replace(/\r\n/g, '').includes('\n') || options.comment === 'block';
      if (
        errors.length > 0 ||
        JSON.stringify(reparsed) !== JSON.stringify(expected) ||
        removed.change !== 'removed' ||
        removed.text !== text ||
        !sameEol
      ) {
        failures.push(JSON.stringify(options));
      }
    }
    expect(failures).toEqual([]);
  });
});
