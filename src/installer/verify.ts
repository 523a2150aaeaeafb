import type { Client } from '@modelcontextprotocol/client';
import { commandLine, type ServerSpec } from './entry.js';

// Starts a configured server the way an MCP client does — the command and arguments as written, no shell, the
// entry's env on top of a small default environment (the MCP SDK's: HOME, PATH, USER and a few more; the
// same list clients built on the SDK use) — and completes the MCP `initialize` handshake. Works for any
// command, so diagnostics can check every client's entry with it.

export interface VerifyOptions {
  /** Give up after this long; default 15 s. Clients wait about that long before they mark a server failed. */
  timeoutMs?: number;
  /** The working directory; clients such as Claude Desktop start servers in an arbitrary one. */
  cwd?: string;
  /** Laid over the default environment, under the entry's own env (an injected machine's HOME and PATH). */
  baseEnv?: Record<string, string>;
  /** After listing the tools, call this one (without arguments) when the server has it: a health probe. */
  call?: string;
}

/** What the tool named by `call` answered. */
export interface CalledTool {
  name: string;
  isError: boolean;
  /** Its structuredContent, or undefined when it sent only text. */
  data: unknown;
  text: string;
}

export type VerifyProblem = 'not-found' | 'not-executable' | 'exited' | 'timeout' | 'protocol';

export type VerifyResult =
  | {
      ok: true;
      /** From spawning the command to the answer to `initialize`. */
      ms: number;
      /** From spawning the command to the answer to `tools/list` (equal to `ms` when it has no tools). */
      listMs: number;
      server: { name: string; version: string };
      tools: number | null;
      called?: CalledTool;
    }
  | { ok: false; ms: number; problem: VerifyProblem; message: string; stderr: string; fix: string };

export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;
const STDERR_LIMIT = 4_000;

export async function verifyServer(spec: ServerSpec, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { Client: McpClient } = await import('@modelcontextprotocol/client');
  const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
  const timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    ...((spec.env || options.baseEnv) && { env: { ...options.baseEnv, ...spec.env } }),
    ...(options.cwd && { cwd: options.cwd }),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT);
  });
  let exited = false;
  transport.onclose = () => {
    exited = true;
  };
  const client = new McpClient({ name: 'orchestrator-verify', version: '1.0.0' });
  const started = performance.now();
  // One deadline for the whole exchange, not one per request.
  const left = () => Math.max(1, Math.round(started + timeoutMs - performance.now()));
  try {
    await client.connect(transport, { timeout: timeoutMs, maxTotalTimeout: timeoutMs });
    const ms = Math.round(performance.now() - started);
    const info = client.getServerVersion();
    let toolNames: string[] | null = null;
    if (client.getServerCapabilities()?.tools) {
      try {
        toolNames = (await client.listTools(undefined, { timeout: left() })).tools.map((tool) => tool.name);
      } catch {
        toolNames = null;
      }
    }
    const listMs = Math.round(performance.now() - started);
    const called = options.call && toolNames?.includes(options.call) ? await callTool(client, options.call, left()) : undefined;
    return {
      ok: true,
      ms,
      listMs,
      server: { name: info?.name ?? 'unknown', version: info?.version ?? 'unknown' },
      tools: toolNames?.length ?? null,
      ...(called && { called }),
    };
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    return { ok: false, ms, ...diagnose(spec, error, exited, stderr.trim(), timeoutMs), stderr: stderr.trim() };
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** A failed call is an answer too (the server runs); only a dead connection counts as no answer. */
async function callTool(client: Client, name: string, timeoutMs: number): Promise<CalledTool | undefined> {
  try {
    const result = await client.callTool({ name, arguments: {} }, { timeout: timeoutMs });
    const content = Array.isArray(result.content) ? (result.content as Array<{ type: string; text?: string }>) : [];
    const text = content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('\n');
    return { name, isError: result.isError === true, data: result.structuredContent, text };
  } catch {
    return undefined;
  }
}

/** The stderr line that says what went wrong: the last one mentioning an error, stack frames left out. */
function telling(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  return [...lines].reverse().find((line) => /error/i.test(line)) ?? lines[lines.length - 1];
}

function diagnose(
  spec: ServerSpec,
  error: unknown,
  exited: boolean,
  stderr: string,
  timeoutMs: number,
): { problem: VerifyProblem; message: string; fix: string } {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const run = commandLine(spec);
  if (code === 'ENOENT') {
    return {
      problem: 'not-found',
      message: `${spec.command} was not found`,
      fix: `Install it, or write its absolute path into the entry: clients do not load your shell profile, so a command found in your terminal may not be found by them.`,
    };
  }
  if (code === 'EACCES') {
    return {
      problem: 'not-executable',
      message: `${spec.command} cannot be executed (permission denied)`,
      fix: `Make it executable (chmod +x ${spec.command}).`,
    };
  }
  if (/timed? ?out/i.test(message) && !exited) {
    return {
      problem: 'timeout',
      message: `no answer to the MCP handshake within ${Math.round(timeoutMs / 1000)} s`,
      fix: `Run \`${run}\` yourself: it should print nothing and wait for input. A first \`npx -y\` download can take longer than a client waits.`,
    };
  }
  if (exited) {
    const last = telling(stderr);
    return {
      problem: 'exited',
      message: `the server exited before the handshake${last ? `: ${last}` : ''}`,
      fix: `Run \`${run}\` yourself to see the whole error.`,
    };
  }
  return {
    problem: 'protocol',
    message: `the handshake failed: ${message}`,
    fix: `Run \`${run}\` yourself; it must speak MCP on stdio and print nothing else to stdout.`,
  };
}
