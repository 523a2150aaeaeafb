// How each real client says whether it can use a server: one function per question (is it connected? did it get
// the tools of the default profile?), so that more questions can be added per client. Each takes the client's environment and the server's name
// and resolves to { ok, detail }; none waits longer than its time limit. Claude Code, Gemini CLI and opencode say
// whether a server is connected but name its tools only to a model, so only Codex and the Inspector are asked which
// tools they got.
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

/** Answers of a client asked once and shared by several checks, per client environment. */
const asked = new WeakMap();
function remember(ctx, key, answer) {
  if (!asked.has(ctx)) asked.set(ctx, new Map());
  asked.get(ctx).set(key, answer);
}

/**
 * The tool names a client got are those of the default profile (`orchestrator serve --list-tools --json`), no more
 * and no fewer; the order is the client's business.
 */
function sameTools(got, expected) {
  const missing = expected.filter((tool) => !got.includes(tool));
  const extra = got.filter((tool) => !expected.includes(tool));
  if (missing.length === 0 && extra.length === 0) return { ok: true, detail: `the ${expected.length} tools of the default profile` };
  return {
    ok: false,
    detail: [missing.length > 0 && `missing ${missing.join(', ')}`, extra.length > 0 && `not in the default profile: ${extra.join(', ')}`]
      .filter(Boolean)
      .join('; '),
  };
}

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `claude mcp list` does the MCP handshake with every server it reads (exit 0 either way). */
export async function claudeConnected(ctx, name) {
  const result = await run(ctx.bin('claude'), ['mcp', 'list'], {
    env: { ...ctx.env, DISABLE_TELEMETRY: '1', MCP_TIMEOUT: '30000' },
    cwd: ctx.project,
  });
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
 * it over its JSON-RPC (one JSON message a line on stdio): initialize, then the status of every MCP server. Both
 * checks of a client share one answer.
 */
function codexStatus(ctx, name, timeoutMs = 90_000) {
  const cached = asked.get(ctx)?.get(`codex ${name}`);
  if (cached) return cached;
  const answer = new Promise((resolve) => {
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
          else finish({ ok: true, server });
        }
      }
    });
    send({
      id: 'init',
      method: 'initialize',
      params: { clientInfo: { name: 'orchestrator-client-check', title: 'orchestrator client check', version: '1' } },
    });
  });
  remember(ctx, `codex ${name}`, answer);
  return answer;
}

export async function codexConnected(ctx, name) {
  const status = await codexStatus(ctx, name);
  if (!status.ok) return status;
  const { server } = status;
  return {
    ok: true,
    detail: `${Object.keys(server.tools ?? {}).length} tools (${server.serverInfo?.name ?? '?'} ${server.serverInfo?.version ?? ''})`,
  };
}

/** Codex got exactly the tools of the default profile. */
export async function codexListsDefault(ctx, name) {
  const status = await codexStatus(ctx, name);
  if (!status.ok) return status;
  return sameTools(
    Object.values(status.server.tools ?? {}).map((tool) => tool.name),
    ctx.defaultTools,
  );
}

/** The MCP Inspector's command-line mode lists the tools of one server of a Claude-Desktop-style file. */
function inspectorTools(ctx, name, file) {
  const key = `inspector ${name} ${file}`;
  const cached = asked.get(ctx)?.get(key);
  if (cached) return cached;
  const answer = run(ctx.bin('mcp-inspector'), ['--cli', '--config', file, '--server', name, '--method', 'tools/list'], {
    env: { ...ctx.env, MCP_INSPECTOR_SECRET_STORE: 'memory' },
    cwd: ctx.project,
  }).then((result) => {
    try {
      const tools = JSON.parse(result.stdout).tools;
      if (result.code === 0 && Array.isArray(tools) && tools.length > 0) return { ok: true, tools };
    } catch {
      // Not JSON: the detail below says what it printed.
    }
    return { ok: false, detail: result.timedOut ? 'timed out' : tail(`${result.stdout}\n${result.stderr}`) };
  });
  remember(ctx, key, answer);
  return answer;
}

export async function inspectorConnected(ctx, name, file) {
  const listed = await inspectorTools(ctx, name, file);
  return listed.ok ? { ok: true, detail: `tools/list: ${listed.tools.length} tools` } : listed;
}

/** The Inspector got exactly the tools of the default profile. */
export async function inspectorListsDefault(ctx, name, file) {
  const listed = await inspectorTools(ctx, name, file);
  return listed.ok
    ? sameTools(
        listed.tools.map((tool) => tool.name),
        ctx.defaultTools,
      )
    : listed;
}

/** @wong2/mcp-cli calls one tool of a server in an `mcpServers` file (exit 1 when it cannot). */
export async function mcpCliCalls(ctx, name, file, tool = 'orchestrator_health_check') {
  const result = await run(ctx.bin('mcp-cli'), ['-c', file, 'call-tool', `${name}:${tool}`, '--args', '{}'], { env: ctx.env, cwd: ctx.project });
  return result.code === 0
    ? { ok: true, detail: `called ${tool}` }
    : { ok: false, detail: result.timedOut ? 'timed out' : tail(`${result.stdout}\n${result.stderr}`) };
}
