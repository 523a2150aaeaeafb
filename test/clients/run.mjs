// npm run test:clients: `orchestrator install --client X` into a fresh home for each real MCP client, the client's
// own program must report the server connected, then `orchestrator uninstall` must give every file of that home
// back byte for byte. The clients come from the npm registry at the versions in package-lock.json beside this
// file (installed once per lock file). Everything runs in temporary folders; nothing touches the real home.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  claudeConnected,
  claudeForgot,
  codexConnected,
  codexListsDefault,
  geminiConnected,
  inspectorConnected,
  inspectorListsDefault,
  mcpCliCalls,
  opencodeConnected,
  run,
} from './checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const orchestrator = path.join(repo, 'bin', 'orchestrator.js');
const NAME = 'task-orchestrator';
const OTHER = { command: process.execPath, args: ['-e', 'process.exit(0)'] };

/**
 * Per client: the files a user already has (another server, settings, comments), the install, and the checks
 * run against what the install wrote. `via: 'claude mcp'` installs with `claude` on PATH, so Claude Code's own
 * commands write its file (which it then rewrites at will: no byte-for-byte check there).
 */
const CLIENTS = [
  {
    client: 'claude-code',
    files: { '.claude.json': `${JSON.stringify({ numStartups: 3, theme: 'dark', mcpServers: { other: OTHER } }, null, 2)}\n` },
    checks: { connected: claudeConnected },
  },
  {
    client: 'claude-code',
    via: 'claude mcp',
    files: { '.claude.json': `${JSON.stringify({ numStartups: 3, mcpServers: {} }, null, 2)}\n` },
    checks: { connected: claudeConnected },
    afterUninstall: { forgotten: claudeForgot },
  },
  {
    client: 'gemini-cli',
    files: {
      '.gemini/settings.json': '{\n  // my settings\n  "theme": "GitHub",\n  "mcpServers": {\n    "other": ' + JSON.stringify(OTHER) + '\n  }\n}\n',
    },
    checks: { connected: geminiConnected },
  },
  {
    client: 'codex',
    files: {
      '.codex/config.toml': `# my Codex settings\nmodel = "o3"\n\n[mcp_servers.other]\ncommand = ${JSON.stringify(OTHER.command)}\nargs = ${JSON.stringify(OTHER.args)}\n\n[profiles.fast]\nmodel = "o4-mini"\n`,
    },
    checks: { connected: codexConnected, 'lists the default profile': codexListsDefault },
  },
  {
    client: 'opencode',
    files: { '.config/opencode/opencode.json': '{\n  "$schema": "https://opencode.ai/config.json",\n  "theme": "tokyonight",\n  "mcp": {}\n}\n' },
    checks: { connected: opencodeConnected },
  },
  {
    client: 'claude-desktop',
    label: 'the Inspector',
    files: { '.config/Claude/claude_desktop_config.json': `${JSON.stringify({ globalShortcut: '', mcpServers: { other: OTHER } }, null, 2)}\n` },
    checks: {
      connected: (ctx, name) => inspectorConnected(ctx, name, path.join(ctx.home, '.config/Claude/claude_desktop_config.json')),
      'lists the default profile': (ctx, name) => inspectorListsDefault(ctx, name, path.join(ctx.home, '.config/Claude/claude_desktop_config.json')),
    },
  },
  {
    client: 'cursor',
    label: '@wong2/mcp-cli',
    files: { '.cursor/mcp.json': `{\n\t"mcpServers": {\n\t\t"other": ${JSON.stringify(OTHER)}\n\t}\n}\n` },
    checks: { connected: (ctx, name) => mcpCliCalls(ctx, name, path.join(ctx.home, '.cursor/mcp.json')) },
  },
  // Clients that are not on npm but keep plain `mcpServers` entries: the Inspector reads the file as written.
  ...[
    ['windsurf', '.codeium/windsurf/mcp_config.json'],
    ['cline', '.cline/data/settings/cline_mcp_settings.json'],
    ['roo-code', '.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json'],
    ['qwen-code', '.qwen/settings.json'],
    ['kiro', '.kiro/settings/mcp.json'],
    ['antigravity', '.gemini/antigravity/mcp_config.json'],
    ['lm-studio', '.lmstudio/mcp.json'],
  ].map(([client, file]) => ({
    client,
    label: 'file read by the Inspector',
    files: { [file]: `${JSON.stringify({ mcpServers: { other: OTHER } }, null, 2)}\n` },
    checks: {
      connected: (ctx, name) => inspectorConnected(ctx, name, path.join(ctx.home, file)),
      'lists the default profile': (ctx, name) => inspectorListsDefault(ctx, name, path.join(ctx.home, file)),
    },
  })),
];

/**
 * Installs the clients into this folder, unless node_modules already holds exactly this lock file. `npm install`
 * rather than `npm ci`: the registry serves opencode's per-platform binary packages for some platforms only, so the
 * lock file cannot list the others, and `npm ci` refuses such a lock while `npm install` skips them as the optional
 * packages they are. Every version still comes from the lock file, which it leaves as it is.
 */
async function installClients() {
  const lock = readFileSync(path.join(here, 'package-lock.json'));
  const stamp = path.join(here, 'node_modules', '.installed-lock-sha256');
  const sha = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sha) return;
  console.log('Installing the real clients (npm install in test/clients, from its lock file)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, env: process.env, timeoutMs: 480_000 });
  if (result.code !== 0) throw new Error(`npm install in test/clients failed:\n${result.stdout}\n${result.stderr}`);
  writeFileSync(stamp, sha);
}

/** Every file under `dir` with a hash of its bytes. */
function snapshot(dir) {
  const files = {};
  const walk = (current) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

function orchestratorRun(ctx, args, withClientsOnPath) {
  const PATH = [withClientsOnPath && path.join(here, 'node_modules', '.bin'), path.dirname(process.execPath), '/usr/bin', '/bin']
    .filter(Boolean)
    .join(path.delimiter);
  return run(process.execPath, [orchestrator, ...args, '--json'], { env: { ...ctx.env, PATH }, cwd: ctx.project, timeoutMs: 120_000 });
}

async function checkClient(spec, results) {
  const label = `${spec.client}${spec.via ? ` (via ${spec.via})` : ''}${spec.label ? ` (${spec.label})` : ''}`;
  const box = mkdtempSync(path.join(tmpdir(), 'orchestrator-clients-'));
  const record = (check, verdict) => {
    results.push({ label, check, ...verdict });
    console.log(`${verdict.ok ? 'PASS' : 'FAIL'} ${label}: ${check}${verdict.detail ? ` — ${verdict.detail.replace(/\n/g, '\n       ')}` : ''}`);
  };
  try {
    const home = path.join(box, 'home');
    const project = path.join(box, 'project');
    mkdirSync(path.join(project, '.git'), { recursive: true });
    for (const [file, text] of Object.entries(spec.files)) {
      mkdirSync(path.dirname(path.join(home, file)), { recursive: true });
      writeFileSync(path.join(home, file), text);
    }
    const ctx = environment(box, home, project);
    const before = snapshot(home);
    const installed = await orchestratorRun(ctx, ['install', '--client', spec.client], Boolean(spec.via));
    const report = parse(installed.stdout);
    record('install', {
      ok: installed.code === 0 && report?.ok === true,
      detail: installed.code === 0 ? '' : `exit ${installed.code}: ${installed.stdout}${installed.stderr}`,
    });
    // The clients write into the home they run in (histories, caches, their own settings): they read a copy, so
    // the home the installer wrote stays as it left it for the uninstall.
    const checkHome = path.join(box, 'check-home');
    cpSync(home, checkHome, { recursive: true });
    const checkCtx = spec.via ? ctx : environment(box, checkHome, project);
    for (const [check, fn] of Object.entries(spec.checks)) record(check, await fn(checkCtx, NAME));
    const removed = await orchestratorRun(ctx, ['uninstall', '--client', spec.client], Boolean(spec.via));
    record('uninstall', { ok: removed.code === 0, detail: removed.code === 0 ? '' : `exit ${removed.code}: ${removed.stdout}${removed.stderr}` });
    for (const [check, fn] of Object.entries(spec.afterUninstall ?? {})) record(check, await fn(ctx, NAME));
    if (!spec.via) {
      const after = snapshot(home);
      const differ = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((file) => before[file] !== after[file]);
      record('files back byte for byte', {
        ok: differ.length === 0,
        detail: differ.length === 0 ? `${Object.keys(before).length} file(s)` : `differ: ${differ.join(', ')}`,
      });
    }
  } catch (error) {
    record('run', { ok: false, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    rmSync(box, { recursive: true, force: true });
  }
}

/** A throwaway user: home, XDG and every client's variable inside the box; the real home is never seen. */
function environment(box, home, project) {
  const env = {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    CODEX_HOME: path.join(home, '.codex'),
    ORCHESTRATOR_HOME: path.join(box, 'orchestrator-home'),
    PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
    NO_COLOR: '1',
    TERM: 'dumb',
  };
  return {
    box,
    home,
    project,
    env,
    defaultTools,
    bin: (name) => path.join(here, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name),
  };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The tools of the default profile, as the server itself lists them. */
async function listDefaultTools() {
  const result = await run(process.execPath, [orchestrator, 'serve', '--list-tools', '--json'], { env: process.env, timeoutMs: 60_000 });
  const listing = parse(result.stdout);
  const profile = listing?.profiles?.find((candidate) => candidate.profile === 'default');
  if (result.code !== 0 || !profile) throw new Error(`orchestrator serve --list-tools --json failed:\n${result.stdout}\n${result.stderr}`);
  return profile.tools.map((tool) => tool.name);
}

const started = Date.now();
const defaultTools = await listDefaultTools();
await installClients();
const results = [];
for (const spec of CLIENTS) await checkClient(spec, results);
const failed = results.filter((result) => !result.ok).length;
console.log(`\nclients checked in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
