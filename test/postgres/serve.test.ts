import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, onTestFinished, test } from 'vitest';
import { TaskService } from '../../src/core/index.js';
import { binPath, isolatedEnv } from '../helpers/bin.js';
import { freshStoreUrl, openTestStore } from '../helpers/postgres.js';
import { testdir } from '../helpers/testdir.js';

describe('orchestrator serve on PostgreSQL', () => {
  test('serves the tasks of the database, and says where they are', async () => {
    const url = freshStoreUrl();
    await new TaskService(openTestStore(url)).create({ id: 'a', title: 'In the database' }, 'test');
    const env = isolatedEnv(testdir(), { ORCHESTRATOR_STORE: url });
    const client = new Client({ name: 'pg-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [binPath, 'serve'], env: env as Record<string, string>, stderr: 'pipe' }),
    );
    onTestFinished(() => client.close());
    const next = await client.callTool({ name: 'orchestrator_get_next_task', arguments: { worker_id: 'w' } });
    expect(next.structuredContent).toMatchObject({ task: { id: 'a', title: 'In the database' } });
    const health = await client.callTool({ name: 'orchestrator_health_check', arguments: {} });
    expect(JSON.stringify(health.content)).toMatch(/Store: postgres:\/\/[^ ]* \(PostgreSQL; data directory /);
  });

  test('--store works as ORCHESTRATOR_STORE does; serve exits soon after the client closes stdin', async () => {
    const url = freshStoreUrl();
    const env = isolatedEnv(testdir());
    const child = spawn(process.execPath, [binPath, '--store', url, 'serve'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    onTestFinished(() => void child.kill('SIGKILL'));
    const lines: string[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        lines.push(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
      }
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: {
        name: 'orchestrator_plan_task',
        arguments: { description: 'p', subtasks: [{ title: 'a', description: 'a', specialist_type: 'tester' }] },
      },
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
    const deadline = Date.now() + 20_000;
    while (!lines.some((line) => line.includes('"id":2')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines.find((line) => line.includes('"id":2'))).toMatch(/"planId"/);
    const closedAt = Date.now();
    child.stdin.end();
    const { code, at } = await exited;
    expect(code).toBe(0);
    // A pool that kept its connections open would hold the process for its idle timeout (10 s).
    expect(at - closedAt).toBeLessThan(5_000);
    expect((await new TaskService(openTestStore(url)).list()).tasks.map((task) => task.title)).toEqual(['p', 'a']);
  }, 30_000);
});
