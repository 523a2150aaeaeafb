import { displayPath, fileExists, findOnPath, pathsOf, type InstallerEnv } from '../env.js';
import { detectBy, locator } from './common.js';
import type { ClientDescriptor } from './types.js';

/** ~/.claude.json, or $CLAUDE_CONFIG_DIR/.claude.json. */
export function claudeJsonPath(env: InstallerEnv): string {
  return pathsOf(env).join(env.claudeConfigDir ?? env.home, '.claude.json');
}

/** Claude Code keys projects by their path with forward slashes, on Windows too. */
export function projectKey(env: InstallerEnv): string {
  return env.platform === 'win32' ? env.cwd.replace(/\\/g, '/') : env.cwd;
}

const at = locator('claude-code', { section: ['mcpServers'], shape: 'claude-code' });

export const claudeCode: ClientDescriptor = {
  id: 'claude-code',
  name: 'Claude Code',
  pathSource: 'terminal',
  scopes: ['user', 'local', 'project'],
  detect(env) {
    const p = pathsOf(env);
    const found = detectBy(env, [env.claudeConfigDir ?? p.join(env.home, '.claude')], ['claude']);
    if (fileExists(env, claudeJsonPath(env))) {
      found.evidence.push(`${displayPath(env, claudeJsonPath(env))} exists`);
      found.detected = true;
    }
    return found;
  },
  locations(env, scope) {
    // Claude Code rewrites .claude.json all the time, and may rewrite .mcp.json: edit both under a lock.
    if (scope === 'user') return [at('user', claudeJsonPath(env), { locked: true })];
    if (scope === 'local') return [at('local', claudeJsonPath(env), { locked: true, section: ['projects', projectKey(env), 'mcpServers'] })];
    return [at('project', pathsOf(env).join(env.cwd, '.mcp.json'), { locked: true })];
  },
  nextStep: (scope, change) =>
    change !== 'added'
      ? 'Restart running Claude Code sessions (or run /mcp in them) to pick up the change.'
      : scope === 'project'
        ? 'Start Claude Code in this project and approve the server from .mcp.json when it asks (or run /mcp).'
        : 'Start a new Claude Code session, or run /mcp in a running one, to connect.',
  toolNames: { prefix: (server) => `mcp__${server}__`, limit: 64 },
  cli(env) {
    const found = findOnPath(env, 'claude');
    // Node refuses to start a .cmd or .bat without a shell; an npm-installed `claude` on Windows is one, so the
    // file is edited instead (under a lock) rather than passing JSON through cmd.exe's quoting.
    if (found && env.platform === 'win32' && /\.(cmd|bat)$/i.test(found)) return undefined;
    return found;
  },
};
