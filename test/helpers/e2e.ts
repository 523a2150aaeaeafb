import { Client, type CallToolResult } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { onTestFinished } from 'vitest';
import { binPath } from './bin.js';

/** The built binary as an MCP server over stdio, driven by a real SDK client. */
export async function stdioClient(env: NodeJS.ProcessEnv, args: string[] = ['serve'], cwd?: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binPath, ...args],
    env: env as Record<string, string>,
    stderr: 'pipe',
    ...(cwd && { cwd }),
  });
  const stderr: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  onTestFinished(() => client.close());
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const data = async <T = Record<string, any>>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    const result = await call(name, args);
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    return result.structuredContent as T;
  };
  return { client, transport, call, data, stderr: () => stderr.join('') };
}
