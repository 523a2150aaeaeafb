import { request } from 'node:http';
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { describe, expect, onTestFinished, test } from 'vitest';
import { parseToolsets, toolNames } from '../../src/server/toolsets.js';
import { isolatedEnv, spawnBin, waitFor } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';

const TOKEN = 'test-token-0123456789abcdef';

/** Starts `serve --http` on a free loopback port and returns its URL, from the line it prints on stderr. */
async function startServer(env: NodeJS.ProcessEnv, args: string[] = []) {
  let stderr = '';
  const server = spawnBin(['serve', '--http', '--port', '0', ...args], env);
  server.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await waitFor(() => /MCP over HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1]);
  return { url: new URL(url), ...server, stderr: () => stderr };
}

async function connect(url: URL, headers: Record<string, string> = {}) {
  const client = new Client({ name: 'http-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  onTestFinished(() => client.close());
  return client;
}

/** A raw request, to send headers a well-behaved client never would. */
function raw(url: URL, headers: Record<string, string>, method = 'POST', payload?: string): Promise<{ status: number; body: string }> {
  const body =
    payload ??
    JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

describe('orchestrator serve --http (the built binary)', () => {
  test('serves several clients at once on one store, each with its own session', async () => {
    const dir = testdir();
    const server = await startServer(isolatedEnv(dir));
    const [alice, bob] = await Promise.all([connect(server.url), connect(server.url)]);
    expect((await alice.listTools()).tools.map((tool) => tool.name)).toEqual(toolNames(parseToolsets(undefined)));
    await alice.callTool({
      name: 'orchestrator_plan_task',
      arguments: {
        description: 'Shared',
        subtasks: [
          { title: 'Shared A', description: 'a', specialist_type: 'implementer' },
          { title: 'Shared B', description: 'b', specialist_type: 'implementer' },
        ],
      },
    });
    const [first, second] = (await Promise.all([
      alice.callTool({ name: 'orchestrator_get_next_task', arguments: { worker_id: 'alice' } }),
      bob.callTool({ name: 'orchestrator_get_next_task', arguments: { worker_id: 'bob' } }),
    ])) as CallToolResult[];
    const claimed = [first, second].map((result) => (result!.structuredContent as { task: { id: string } }).task.id).sort();
    expect(claimed).toEqual(['t2', 't3']);
    const { prompts } = await bob.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toContain('specialist-architect');

    server.child.kill('SIGTERM');
    const { code } = await server.done;
    expect(code).toBe(0);
    expect(server.stderr()).toMatch(/session started/);
  });

  test('checks the path, the Host header (DNS rebinding) and the Origin header', async () => {
    const server = await startServer(isolatedEnv(testdir()), ['--allowed-origins', 'http://localhost:5173']);
    const port = server.url.port;
    expect((await raw(new URL('/other', server.url), {})).status).toBe(404);
    const rebinding = await raw(server.url, { Host: `attacker.example:${port}` });
    expect(rebinding.status).toBe(403);
    expect(rebinding.body).toMatch(/DNS rebinding/);
    expect((await raw(server.url, { Host: `localhost:${port}` })).status).toBe(200);
    const origin = await raw(server.url, { Origin: 'http://attacker.example' });
    expect(origin.status).toBe(403);
    expect(origin.body).toMatch(/--allowed-origins/);
    expect((await raw(server.url, { Origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await raw(server.url, { Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await raw(server.url, {}, 'GET')).status).toBe(400);
    expect((await raw(server.url, { 'Mcp-Session-Id': 'no-such-session' })).status).toBe(404);
    const garbage = await raw(server.url, {}, 'POST', '{ not json');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatch(/not valid JSON/);
    // Still serving.
    expect((await raw(server.url, {})).status).toBe(200);
  });

  test('a bearer token, when set, is required on every request', async () => {
    const server = await startServer(isolatedEnv(testdir(), { ORCHESTRATOR_HTTP_TOKEN: TOKEN }), ['--toolsets', 'standard']);
    expect(server.stderr()).toMatch(/bearer token required/);
    const missing = await raw(server.url, {});
    expect(missing.status).toBe(401);
    expect((await raw(server.url, { Authorization: 'Bearer wrong-token-0123456789ab' })).status).toBe(401);
    await expect(connect(server.url)).rejects.toThrow();
    const client = await connect(server.url, { Authorization: `Bearer ${TOKEN}` });
    const result = (await client.callTool({ name: 'orchestrator_health_check', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
  });

  test('listening beyond loopback without a token is refused before binding', async () => {
    const refused = await spawnBin(['serve', '--http', '--host', '0.0.0.0', '--port', '0'], isolatedEnv(testdir())).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/needs a bearer token[\s\S]*ORCHESTRATOR_HTTP_TOKEN/);
    const short = await spawnBin(['serve', '--http', '--port', '0', '--token', 'short'], isolatedEnv(testdir())).done;
    expect(short.code).toBe(2);
  });
});
