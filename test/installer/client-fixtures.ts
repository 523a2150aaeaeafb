import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { ClientId, ShapeId } from '../../src/installer/index.js';
import type { FormatId } from '../../src/installer/formats/index.js';

export interface ClientFixture {
  file: string;
  section: string[];
  text: string;
  format?: FormatId;
  shape?: ShapeId;
}

/**
 * One config per client, the way people's files look: other servers, comments where the client allows them,
 * tabs, four spaces, CRLF line endings, keys in no particular order, settings the client keeps beside its
 * servers. Paths are relative to the test machine (a Linux home).
 */
export const CLIENT_FIXTURES: Record<ClientId, ClientFixture> = {
  'claude-desktop': {
    file: 'home/.config/Claude/claude_desktop_config.json',
    section: ['mcpServers'],
    text:
      '{\r\n    "globalShortcut": "Ctrl+Space",\r\n    "mcpServers": {\r\n        "filesystem": {\r\n            "command": "npx",\r\n' +
      '            "args": ["-y", "@modelcontextprotocol/server-filesystem", "C:\\\\Users\\\\me\\\\Desktop"]\r\n        }\r\n    }\r\n}\r\n',
  },
  cursor: {
    file: 'home/.cursor/mcp.json',
    section: ['mcpServers'],
    text: '{\n\t"mcpServers": {\n\t\t"github": {\n\t\t\t"url": "https://api.githubcopilot.com/mcp/"\n\t\t},\n\t\t"memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n\t}\n}\n',
  },
  windsurf: {
    file: 'home/.codeium/windsurf/mcp_config.json',
    section: ['mcpServers'],
    text: '{\n  "mcpServers": {\n    "git": {\n      "command": "uvx",\n      "args": ["mcp-server-git"],\n      "env": {}\n    }\n  }\n}',
  },
  vscode: {
    file: 'home/.config/Code/User/mcp.json',
    section: ['servers'],
    shape: 'vscode',
    text:
      '// MCP servers for every workspace\n{\n    "inputs": [\n        {\n            "type": "promptString",\n            "id": "github-token",\n' +
      '            "description": "GitHub token",\n            "password": true\n        }\n    ],\n    "servers": {\n' +
      '        /* remote */\n        "github": {\n            "type": "http",\n            "url": "https://api.githubcopilot.com/mcp/",\n' +
      '            "headers": { "Authorization": "Bearer ${input:github-token}" }\n        }, // keep\n    }\n}\n',
  },
  'vscode-insiders': {
    file: 'home/.config/Code - Insiders/User/mcp.json',
    section: ['servers'],
    shape: 'vscode',
    text: '{\n  "servers": {\n    "playwright": { "command": "npx", "args": ["@playwright/mcp@latest"] }\n  },\n  "inputs": []\n}\n',
  },
  zed: {
    file: 'home/.config/zed/settings.json',
    section: ['context_servers'],
    shape: 'zed',
    text:
      '// Zed settings\r\n//\r\n// For information on how to configure Zed, see the Zed\r\n// documentation: https://zed.dev/docs/configuring-zed\r\n{\r\n' +
      '  "ui_font_size": 16,\r\n  "buffer_font_size": 15,\r\n  "theme": {\r\n    "mode": "system",\r\n    "light": "One Light",\r\n' +
      '    "dark": "One Dark",\r\n  },\r\n  // servers are added by the installer below\r\n}\r\n',
  },
  'claude-code': {
    file: 'home/.claude.json',
    section: ['mcpServers'],
    shape: 'claude-code',
    text:
      '{\n  "numStartups": 42,\n  "theme": "dark",\n  "mcpServers": {\n    "context7": {\n      "type": "stdio",\n      "command": "npx",\n' +
      '      "args": [\n        "-y",\n        "@upstash/context7-mcp"\n      ],\n      "env": {}\n    }\n  },\n  "projects": {\n' +
      '    "/somewhere/else": {\n      "allowedTools": [],\n      "mcpServers": {}\n    }\n  }\n}\n',
  },
  cline: {
    file: 'home/.cline/data/settings/cline_mcp_settings.json',
    section: ['mcpServers'],
    text:
      '{\n  "mcpServers": {\n    "github": {\n      "command": "docker",\n      "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],\n' +
      '      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret" },\n      "disabled": false,\n      "autoApprove": ["get_issue"],\n      "timeout": 60\n    }\n  }\n}',
  },
  'roo-code': {
    file: 'home/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
    section: ['mcpServers'],
    text: '{\n\t"mcpServers": {\n\t\t"time": {\n\t\t\t"command": "uvx",\n\t\t\t"args": ["mcp-server-time"],\n\t\t\t"alwaysAllow": []\n\t\t}\n\t}\n}\n',
  },
  'kilo-code': {
    file: 'home/.config/kilo/kilo.jsonc',
    section: ['mcp'],
    shape: 'opencode',
    text:
      '{\n  "$schema": "https://app.kilo.ai/config.json",\n  // my model\n  "model": "anthropic/claude-sonnet-4",\n  "mcp": {\n' +
      '    "fetch": { "type": "local", "command": ["uvx", "mcp-server-fetch"], "enabled": true },\n  },\n}\n',
  },
  'gemini-cli': {
    file: 'home/.gemini/settings.json',
    section: ['mcpServers'],
    text:
      '{\n  // Gemini CLI settings\n  "theme": "GitHub",\n  "selectedAuthType": "oauth-personal",\n  "mcpServers": {\n' +
      '    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "trust": false }\n  }\n}\n',
  },
  'qwen-code': {
    file: 'home/.qwen/settings.json',
    section: ['mcpServers'],
    text: '{\r\n  "general": { "vimMode": true },\r\n  "mcpServers": {}\r\n}\r\n',
  },
  codex: {
    file: 'home/.codex/config.toml',
    section: ['mcp_servers'],
    format: 'toml',
    shape: 'codex',
    text:
      '# Codex settings\nmodel = "o3"  # the default model\napproval_policy = "on-request"\n\n[mcp_servers.context7]\ncommand = "npx"\n' +
      'args = ["-y", "@upstash/context7-mcp"]\n\n[mcp_servers.context7.env]\nAPI_KEY = "secret"\n\n# fast profile\n[profiles.fast]\nmodel = "o4-mini"\n',
  },
  opencode: {
    file: 'home/.config/opencode/opencode.json',
    section: ['mcp'],
    shape: 'opencode',
    text:
      '{\n  "$schema": "https://opencode.ai/config.json",\n  "theme": "tokyonight",\n  "mcp": {\n    "sentry": {\n      "type": "remote",\n' +
      '      "url": "https://mcp.sentry.dev/mcp"\n    }\n  }\n}\n',
  },
  goose: {
    file: 'home/.config/goose/config.yaml',
    section: ['extensions'],
    format: 'yaml',
    shape: 'goose',
    text:
      'GOOSE_PROVIDER: anthropic\nGOOSE_MODEL: claude-sonnet-4\nextensions:\n  developer:\n    bundled: true\n    display_name: Developer\n' +
      '    enabled: true\n    name: developer\n    timeout: 300\n    type: builtin\n  github:\n    args:\n    - -y\n    - "@modelcontextprotocol/server-github"\n' +
      '    cmd: npx\n    enabled: true  # on\n    envs: {}\n    name: github\n    type: stdio\nGOOSE_MODE: smart_approve   # after the extensions\n',
  },
  continue: {
    file: 'home/.continue/config.yaml',
    section: ['mcpServers'],
    format: 'yaml-list',
    shape: 'continue',
    text:
      'name: Local Config\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Claude\n    provider: anthropic\n    model: claude-sonnet-4\n' +
      'mcpServers:\n  - name: SQLite MCP\n    command: npx\n    args:\n      - "-y"\n      - "mcp-sqlite"\n',
  },
  'copilot-cli': {
    file: 'home/.copilot/mcp-config.json',
    section: ['mcpServers'],
    shape: 'copilot',
    text:
      '{\n  "mcpServers": {\n    "playwright": {\n      "type": "local",\n      "command": "npx",\n      "args": ["@playwright/mcp@latest"],\n' +
      '      "env": {},\n      "tools": ["*"]\n    }\n  }\n}\n',
  },
  kiro: {
    file: 'home/.kiro/settings/mcp.json',
    section: ['mcpServers'],
    text: '{\n  "mcpServers": {\n    "aws-docs": {\n      "command": "uvx",\n      "args": ["awslabs.aws-documentation-mcp-server@latest"],\n      "disabled": false,\n      "autoApprove": []\n    }\n  }\n}\n',
  },
  antigravity: {
    file: 'home/.gemini/antigravity/mcp_config.json',
    section: ['mcpServers'],
    text: '{\n    "mcpServers": {\n        "firebase": {\n            "command": "npx",\n            "args": ["-y", "firebase-tools@latest", "mcp"]\n        }\n    }\n}\n',
  },
  'lm-studio': {
    file: 'home/.lmstudio/mcp.json',
    section: ['mcpServers'],
    text: '{\n  "mcpServers": {\n    "hf-mcp-server": {\n      "url": "https://huggingface.co/mcp",\n      "headers": { "Authorization": "Bearer hf_x" }\n    }\n  }\n}\n',
  },
};

/** Every fixture as the files of a test machine. */
export function fixtureFiles(): Record<string, string> {
  return Object.fromEntries(Object.values(CLIENT_FIXTURES).map(({ file, text }) => [file, text]));
}

/** The whole document, parsed as its client reads it. */
export function parseConfig(fixture: Pick<ClientFixture, 'format'>, text: string): unknown {
  if (fixture.format === 'toml') return parseToml(text);
  if (fixture.format === 'yaml' || fixture.format === 'yaml-list') return parseYaml(text);
  return parseJsonc(text, [], { allowTrailingComma: true });
}

/** The document without entry `name` in its section, compared as plain data. */
export function withoutEntry(fixture: ClientFixture, text: string, name: string): unknown {
  const document = JSON.parse(JSON.stringify(parseConfig(fixture, text))) as Record<string, unknown>;
  let parent: Record<string, unknown> = document;
  for (const key of fixture.section.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = fixture.section.at(-1)!;
  const section = parent[last];
  if (Array.isArray(section)) parent[last] = section.filter((item: { name?: string }) => item.name !== name);
  else if (section && typeof section === 'object') delete (section as Record<string, unknown>)[name];
  // A section that held only our entry counts as absent (the install may have created it).
  const left = parent[last];
  if (left !== undefined && (Array.isArray(left) ? left.length === 0 : Object.keys(left as object).length === 0)) delete parent[last];
  return document;
}
