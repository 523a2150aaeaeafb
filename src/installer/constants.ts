// Plain values shared by the installer and its command declarations (which must load nothing heavy).

export const CLIENT_IDS = [
  'claude-desktop',
  'cursor',
  'windsurf',
  'vscode',
  'vscode-insiders',
  'zed',
  'claude-code',
  'cline',
  'roo-code',
  'kilo-code',
  'gemini-cli',
  'qwen-code',
  'codex',
  'opencode',
  'goose',
  'continue',
  'copilot-cli',
  'kiro',
  'antigravity',
  'lm-studio',
] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

/** user: every project of this user; project: a file in the project, shared; local: this user, this project. */
export const SCOPES = ['user', 'project', 'local'] as const;
export type Scope = (typeof SCOPES)[number];

export const LAUNCHERS = ['node', 'npx'] as const;
export type Launcher = (typeof LAUNCHERS)[number];

export const DEFAULT_SERVER_NAME = 'task-orchestrator';

/** Names every client accepts (Claude Code refuses anything else). */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The longest tool name our server offers, in any toolset (a test checks it against the server): what decides
 * whether a client that prefixes tool names with the server's name still accepts them.
 */
export const LONGEST_TOOL_NAME = 'orchestrator_maintenance_coordinator';
