import path from 'node:path';
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { describe, expect, onTestFinished, test } from 'vitest';
import { SharedState } from '../../src/server/connection.js';
import { MAX_SESSIONS, startHttp, type HttpSettings } from '../../src/server/http.js';
import { createLogger } from '../../src/server/logger.js';
import { parseToolsets, toolNames } from '../../src/server/toolsets.js';
import { testdir } from '../helpers/testdir.js';

async function server(options: { token?: string; otherPaths?: HttpSettings['otherPaths'] } = {}) {
  const dir = testdir();
  const logs: string[] = [];
  const logger = createLogger({ stream: { write: (text: string) => logs.push(text) }, level: 'info' });
  const env = { ORCHESTRATOR_HOME: path.join(dir, 'home') };
  const running = await startHttp(
    {
      version: '0.0.0-test',
      env,
      cwd: dir,
      home: dir,
      dataDir: path.join(dir, 'data'),
      toolsets: parseToolsets('standard'),
      logger,
      shared: new SharedState({ env, home: dir, logger }),
    },
    {
      host: '127.0.0.1',
      port: 0,
      ...(options.token && { token: options.token }),
      ...(options.otherPaths && { otherPaths: options.otherPaths }),
    },
  );
  onTestFinished(() => running.close());
  return { url: new URL(running.url), logs, dir };
}

async function connect(url: URL, options: { headers?: Record<string, string>; modern?: boolean } = {}) {
  const client = new Client({ name: 'http-test', version: '1.0.0' }, options.modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: options.headers ?? {} } });
  await client.connect(transport);
  onTestFinished(() => client.close().catch(() => undefined));
  return { client, transport };
}

function rawInitialize(url: URL, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
}

function toolsList(url: URL, sessionId: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Session-Id': sessionId,
      'Mcp-Protocol-Version': '2025-11-25',
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  });
}

describe('serve --http', () => {
  test(`sessions past ${MAX_SESSIONS}: the least recently used is closed to make room, nobody is locked out`, async () => {
    const { url, logs } = await server();
    const ids: string[] = [];
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const response = await rawInitialize(url);
      expect(response.status).toBe(200);
      await response.text();
      ids.push(response.headers.get('mcp-session-id')!);
    }
    // The first session is used again: now the second is the least recently used.
    expect((await toolsList(url, ids[0]!)).status).toBe(200);
    const newcomer = await connect(url);
    expect((await newcomer.client.listTools()).tools.length).toBe(toolNames(parseToolsets('standard')).length);
    expect((await toolsList(url, ids[1]!)).status).toBe(404);
    expect((await toolsList(url, ids[0]!)).status).toBe(200);
    expect((await toolsList(url, ids[2]!)).status).toBe(200);
    expect(logs.join('')).toMatch(new RegExp(`closing the least recently used session to make room session=${ids[1]}`));
  }, 60_000);

  test('a session id works only with the credential that opened it', async () => {
    const { url } = await server();
    const opened = await rawInitialize(url, { Authorization: 'Bearer alice-0123456789abcdef' });
    await opened.text();
    const id = opened.headers.get('mcp-session-id')!;
    expect((await toolsList(url, id, { Authorization: 'Bearer alice-0123456789abcdef' })).status).toBe(200);
    expect((await toolsList(url, id, { Authorization: 'Bearer mallory-0123456789ab' })).status).toBe(404);
    expect((await toolsList(url, id)).status).toBe(404);
  });

  test('protocol 2026-07-28: stateless requests beside 2025 sessions on the same endpoint and store', async () => {
    const { url } = await server({ token: 'token-0123456789abcdef' });
    const headers = { Authorization: 'Bearer token-0123456789abcdef' };
    const modern = await connect(url, { headers, modern: true });
    expect(modern.client.getProtocolEra()).toBe('modern');
    expect(modern.transport.sessionId).toBeUndefined();
    const legacy = await connect(url, { headers });
    expect(legacy.client.getProtocolEra()).toBe('legacy');
    await modern.client.callTool({ name: 'orchestrator_create_generic_task', arguments: { title: 'From 2026' } });
    const listed = (await legacy.client.callTool({ name: 'orchestrator_query_tasks', arguments: {} })) as CallToolResult;
    expect((listed.structuredContent as { total: number }).total).toBe(1);
    // Without a session, the default worker id changes with every request: the claim token carries the claim.
    const claimed = (await modern.client.callTool({ name: 'orchestrator_get_next_task', arguments: {} })) as CallToolResult;
    const { task, claimToken } = claimed.structuredContent as { task: { id: string }; claimToken: string };
    const done = (await modern.client.callTool({
      name: 'orchestrator_complete_subtask',
      arguments: { task_id: task.id, claim_token: claimToken, summary: 's', detailed_work: 'w' },
    })) as CallToolResult;
    expect(done.isError).toBeFalsy();
    // project_root cannot move later stateless requests to another store.
    const moved = (await modern.client.callTool({
      name: 'orchestrator_initialize_session',
      arguments: { project_root: testdir({ '.git/HEAD': '' }) },
    })) as CallToolResult;
    expect(moved.isError).toBe(true);
    expect(JSON.stringify(moved.content)).toMatch(/every request stands alone/);
  });

  test('paths other than /mcp go to the mounted handler, which makes its own checks', async () => {
    const seen: string[] = [];
    const { url } = await server({
      token: 'token-0123456789abcdef',
      otherPaths: async (req, res) => {
        seen.push(req.url ?? '');
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('dashboard');
      },
    });
    expect(await (await fetch(new URL('/board?x=1', url))).text()).toBe('dashboard');
    expect(seen).toEqual(['/board?x=1']);
    // /mcp itself keeps its checks.
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    const unmounted = await server();
    expect((await fetch(new URL('/', unmounted.url))).status).toBe(404);
  });
});
