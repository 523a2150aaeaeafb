import type { ClientId } from '../../src/installer/index.js';

/**
 * One config per client, the way people's files look: other servers, comments where the client allows them,
 * tabs, four spaces, CRLF line endings, keys in no particular order. Paths are relative to the test machine.
 */
export const CLIENT_FIXTURES: Record<ClientId, { file: string; section: string[]; text: string }> = {
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
    text:
      '// MCP servers for every workspace\n{\n    "inputs": [\n        {\n            "type": "promptString",\n            "id": "github-token",\n' +
      '            "description": "GitHub token",\n            "password": true\n        }\n    ],\n    "servers": {\n' +
      '        /* remote */\n        "github": {\n            "type": "http",\n            "url": "https://api.githubcopilot.com/mcp/",\n' +
      '            "headers": { "Authorization": "Bearer ${input:github-token}" }\n        }, // keep\n    }\n}\n',
  },
  zed: {
    file: 'home/.config/zed/settings.json',
    section: ['context_servers'],
    text:
      '// Zed settings\r\n//\r\n// For information on how to configure Zed, see the Zed\r\n// documentation: https://zed.dev/docs/configuring-zed\r\n{\r\n' +
      '  "ui_font_size": 16,\r\n  "buffer_font_size": 15,\r\n  "theme": {\r\n    "mode": "system",\r\n    "light": "One Light",\r\n' +
      '    "dark": "One Dark",\r\n  },\r\n  // servers are added by the installer below\r\n}\r\n',
  },
  'claude-code': {
    file: 'home/.claude.json',
    section: ['mcpServers'],
    text:
      '{\n  "numStartups": 42,\n  "theme": "dark",\n  "mcpServers": {\n    "context7": {\n      "type": "stdio",\n      "command": "npx",\n' +
      '      "args": [\n        "-y",\n        "@upstash/context7-mcp"\n      ],\n      "env": {}\n    }\n  },\n  "projects": {\n' +
      '    "/somewhere/else": {\n      "allowedTools": [],\n      "mcpServers": {}\n    }\n  }\n}\n',
  },
};

/** All six fixtures as the files of a test machine. */
export function fixtureFiles(): Record<string, string> {
  return Object.fromEntries(Object.values(CLIENT_FIXTURES).map(({ file, text }) => [file, text]));
}
