// How each real client says whether it can use a server: one function per question, so that more questions (does
// it list our default tools?) can be added per client. Each takes the client's environment and the server's name
// and resolves to { ok, detail }; none waits longer than its time limit.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** Runs a program with no terminal and a time limit; resolves to its exit code and output. */
export function run(command, args, { env, cwd, timeoutMs = 90_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}`, timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
    child.stdin.end(input ?? '');
  });
}

const plain = (text) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
const tail = (text, lines = 6) => plain(text).trim().split('\n').slice(-lines).join('\n');

/** A line of `output` that says `name` is connected, as `pattern` matches it. */
function connectedLine(result, pattern) {
  const output = plain(`${result.stdout}\n${result.stderr}`);
  const line = output.split('\n').find((candidate) => pattern.test(candidate));
  return line ? { ok: true, detail: line.trim() } : { ok: false, detail: result.timedOut ? 'timed out' : tail(output) };
}

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `claude mcp list` does the MCP handshake with every server it reads (exit 0 either way). */
export async function claudeConnected(ctx, name) {
  const result = await run(ctx.bin('claude'), ['mcp', 'list'], { env: { ...ctx.env, DISABLE_TELEMETRY: '1', MCP_TIMEOUT: '30000' }, cwd: ctx.project });
  return connectedLine(result, new RegExp(`^${escape(name)}: .* - ✔ Connected`));
}

/** After an uninstall through `claude mcp`, Claude Code no longer knows the server. */
export async function claudeForgot(ctx, name) {
  const result = await run(ctx.bin('claude'), ['mcp', 'get', name], { env: { ...ctx.env, DISABLE_TELEMETRY: '1' }, cwd: ctx.project });
  return result.code !== 0 ? { ok: true, detail: 'claude mcp get: not found' } : { ok: false, detail: tail(result.stdout) };
}

/** `gemini mcp list` connects each server, in a folder it trusts; it prints the list on stderr. */
export async function geminiConnected(ctx, name) {
  const trusted = path.join(ctx.box, 'trusted-folders.json');
  await import('node:fs').then(({ writeFileSync }) => writeFileSync(trusted, JSON.stringify({ [ctx.project]: 'TRUST_FOLDER' })));
  const result = await run(ctx.bin('gemini'), ['mcp', 'list'], { env: { ...ctx.env, GEMINI_CLI_TRUSTED_FOLDERS_PATH: trusted }, cwd: ctx.project });
  return connectedLine(result, new RegExp(`✓ ${escape(name)}: .* - Connected`));
}

/** `opencode mcp list` connects each server. */
export async function opencodeConnected(ctx, name) {
  const result = await run(ctx.bin('opencode'), ['mcp', 'list'], { env: ctx.env, cwd: ctx.project });
  return connectedLine(result, new RegExp(`✓ ${escape(name)} connected`));
}

/**
 * `codex mcp list` only reads the config; `codex app-server` starts every server and reports its tools. This asks
 * it over its JSON-RPC (one JSON message a line on stdio): initialize, then the status of every MCP server.
 */
export function codexConnected(ctx, name, timeoutMs = 90_000) {
  return new Promise((resolve) => {
    const child = spawn(ctx.bin('codex'), ['app-server'], { env: ctx.env, cwd: ctx.project, stdio: ['pipe', 'pipe', 'ignore'] });
    const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const finish = (verdict) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(verdict);
    };
    const timer = setTimeout(() => finish({ ok: false, detail: 'codex app-server did not answer in time' }), timeoutMs);
    let buffer = '';
    child.on('error', (error) => finish({ ok: false, detail: error.message }));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        if (message.id === 'init') {
          send({ method: 'initialized' });
          send({ id: 'status', method: 'mcpServerStatus/list', params: {} });
        } else if (message.id === 'status') {
          const server = (message.result?.data ?? []).find((candidate) => candidate.name === name);
          if (!server) finish({ ok: false, detail: `not among ${JSON.stringify((message.result?.data ?? []).map((s) => s.name))}` });
          else if (server.toolsError) finish({ ok: false, detail: String(server.toolsError) });
          else finish({ ok: true, detail: `${Object.keys(server.tools ?? {}).length} tools (${server.serverInfo?.name ?? '?'} ${server.serverInfo?.version ?? ''})` });
        }
      }
    });
    send({ id: 'init', method: 'initialize', params: { clientInfo: { name: 'orchestrator-client-check', title: 'orchestrator client check', version: '1' } } });
  });
}

/** The MCP Inspector's command-line mode lists the tools of one server of a Claude-Desktop-style file. */
export async function inspectorConnected(ctx, name, file) {
  const result = await run(ctx.bin('mcp-inspector'), ['--cli', '--config', file, '--server', name, '--method', 'tools/list'], {
    env: { ...ctx.env, MCP_INSPECTOR_SECRET_STORE: 'memory' },
    cwd: ctx.project,
  });
  try {
    const tools = JSON.parse(result.stdout).tools;
    if (result.code === 0 && Array.isArray(tools) && tools.length > 0) return { ok: true, detail: `tools/list: ${tools.length} tools` };
  } catch {
    // Not JSON: the detail below says what it printed.
  }
  return { ok: false, detail: result.timedOut ? 'timed out' : tail(`${result.stdout}\n${result.stderr}`) };
}

/** @wong2/mcp-cli calls one tool of a server in an `mcpServers` file (exit 1 when it cannot). */
export async function mcpCliCalls(ctx, name, file, tool = 'orchestrator_health_check') {
  const result = await run(ctx.bin('mcp-cli'), ['-c', file, 'call-tool', `${name}:${tool}`, '--args', '{}'], { env: ctx.env, cwd: ctx.project });
  return result.code === 0 ? { ok: true, detail: `called ${tool}` } : { ok: false, detail: result.timedOut ? 'timed out' : tail(`${result.stdout}\n${result.stderr}`) };
}
