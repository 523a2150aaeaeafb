import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type CallToolResult } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { onTestFinished } from 'vitest';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = path.join(root, 'bin', 'orchestrator.js');

/** An environment whose home, orchestrator home and data directory are inside `dir`. */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    USERPROFILE: dir,
    ORCHESTRATOR_HOME: path.join(dir, 'home'),
    ORCHESTRATOR_DATA_DIR: path.join(dir, 'data'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** The built binary as an MCP server over stdio, driven by a real SDK client. */
export async function stdioClient(env: Record<string, string>, args: string[] = ['serve'], cwd?: string) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, ...args], env, stderr: 'pipe', ...(cwd && { cwd }) });
  const stderr: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  onTestFinished(() => client.close());
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const data = async <T = Record<string, any>>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    const result = await call(name, args);
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    return result.structuredContent as T;
  };
  return { client, transport, call, data, stderr: () => stderr.join('') };
}

/** Spawns the binary with piped stdio; resolves the exit code and output when it ends. */
export function spawnBin(
  args: string[],
  env: Record<string, string>,
  nodeOptions: string[] = [],
): { child: ChildProcessWithoutNullStreams; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [...nodeOptions, bin, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, done };
}

/** Resolves when `text()` matches, checking every 20 ms, for at most `ms`. */
export async function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
