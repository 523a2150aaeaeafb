// Installer costs: planning and applying an install into six clients' configs (file edits, backups, atomic
// writes), uninstalling, the MCP handshake check against a minimal stdio server, and `orchestrator clients`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, isolatedEnv, median, root, round, tempDir, timeProcess, timeRuns } from '../lib.mjs';

export const name = 'installer';
export const title = 'Installer: install / uninstall into six MCP clients, server check';

const CLIENTS = ['claude-desktop', 'cursor', 'windsurf', 'vscode', 'zed', 'claude-code'];
const CONTEXT = { platform: 'linux', nodePath: '/usr/local/bin/node', binPath: '/opt/orchestrator/bin/orchestrator.js' };

/** A home with an existing config for every client (other servers, comments, CRLF where it is realistic). */
function seedHome(dir) {
  const files = {
    '.config/Claude/claude_desktop_config.json':
      '{\r\n    "mcpServers": {\r\n        "fs": {"command": "npx", "args": ["-y", "x"]}\r\n    }\r\n}\r\n',
    '.cursor/mcp.json': '{\n\t"mcpServers": {\n\t\t"memory": {"command": "npx"}\n\t}\n}\n',
    '.codeium/windsurf/mcp_config.json': '{\n  "mcpServers": {}\n}\n',
    '.config/Code/User/mcp.json':
      '// servers\n{\n    "inputs": [],\n    "servers": {\n        "github": {"type": "http", "url": "https://example.com"}, // keep\n    }\n}\n',
    '.config/zed/settings.json': '// Zed\n{\n  "theme": "One Dark",\n  "vim_mode": true,\n}\n',
    '.claude.json': `${JSON.stringify({ numStartups: 3, projects: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`/p/${i}`, { allowedTools: [], mcpServers: {} }])) }, null, 2)}\n`,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

export async function run() {
  const installer = await import(path.join(root, 'dist', 'installer', 'index.js'));
  const base = tempDir();
  let n = 0;
  const machine = () => {
    const dir = path.join(base, `m${n++}`);
    const home = path.join(dir, 'home');
    seedHome(home);
    mkdirSync(path.join(dir, 'project'), { recursive: true });
    const env = installer.installerEnv(
      {
        platform: 'linux',
        home,
        cwd: path.join(dir, 'project'),
        pathEnv: '',
        orchestratorHome: path.join(dir, 'oh'),
        xdgConfigHome: path.join(home, '.config'),
        claudeConfigDir: undefined,
      },
      {},
    );
    return { env };
  };
  const options = { clients: CLIENTS, scope: 'user', name: 'task-orchestrator', launcher: 'node', verify: false };
  const runs = 20;

  // Each phase walks the same machines in order (warm-up runs included), so every install meets fresh
  // configs, every second install meets installed ones, and every uninstall has something to remove.
  const prepared = Array.from({ length: runs + 2 }, machine);
  const phase = (fn) => {
    let next = 0;
    return timeRuns(() => fn(prepared[next++].env), { runs, warmup: 2 });
  };
  const dry = await phase((env) => installer.runInstall({ ...options, dryRun: true }, { env, context: CONTEXT }));
  const install = await phase((env) => installer.runInstall({ ...options, dryRun: false }, { env, context: CONTEXT }));
  const again = await phase((env) => installer.runInstall({ ...options, dryRun: false }, { env, context: CONTEXT }));
  const uninstall = await phase((env) =>
    installer.runUninstall({ clients: CLIENTS, name: 'task-orchestrator', dryRun: false }, { env, context: CONTEXT }),
  );

  const fake = path.join(root, 'test', 'fixtures', 'fake-mcp-server.mjs');
  const handshakes = [];
  for (let i = 0; i < 12; i++) {
    const result = await installer.verifyServer({ command: process.execPath, args: [fake, 'serve'] });
    if (!result.ok) throw new Error(`handshake failed: ${result.message}`);
    if (i >= 2) handshakes.push(result.ms);
  }

  const cliDir = tempDir();
  seedHome(path.join(cliDir, 'home'));
  const env = { ...isolatedEnv(cliDir), HOME: path.join(cliDir, 'home'), XDG_CONFIG_HOME: path.join(cliDir, 'home', '.config'), PATH: '' };
  const clientsTimes = [];
  for (let i = 0; i < 12; i++) {
    const ms = timeProcess(process.execPath, [bin, 'clients', '--json'], { env });
    if (i >= 2) clientsTimes.push(ms);
  }

  const method = (what) => `median of ${runs} runs after 2 warm-up runs, in-process, ${what}`;
  return [
    { metric: 'dry run: plan 6 clients (diffs computed)', value: round(median(dry)), unit: 'ms', method: method('one seeded temp home per run') },
    {
      metric: 'install into 6 clients (backups + atomic writes)',
      value: round(median(install)),
      unit: 'ms',
      method: method('one seeded temp home per run'),
    },
    {
      metric: 'install again: already configured, nothing written',
      value: round(median(again)),
      unit: 'ms',
      method: method('the homes just installed into'),
    },
    { metric: 'uninstall from 6 clients', value: round(median(uninstall)), unit: 'ms', method: method('the homes just installed into') },
    {
      metric: 'server check: spawn + MCP initialize (minimal SDK server)',
      value: round(median(handshakes)),
      unit: 'ms',
      method: 'median of 10 checks after 2 warm-up checks',
    },
    {
      metric: '`orchestrator clients --json` wall time',
      value: round(median(clientsTimes)),
      unit: 'ms',
      method: 'median of 10 processes after 2 warm-up runs',
    },
  ];
}
