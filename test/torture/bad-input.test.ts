import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProtocolError } from '@modelcontextprotocol/client';
import { describe, expect, test } from 'vitest';
import { openTaskStore } from '../../src/core/index.js';
import { isolatedEnv, spawnBin } from '../helpers/bin.js';
import { stdioClient } from '../helpers/e2e.js';
import { mcpHarness } from '../helpers/mcp.js';
import { testdir } from '../helpers/testdir.js';
import { storeFilesBytes } from '../helpers/store-files.js';
import { callEveryToolBadly, escapedFiles, summarise, treeSnapshot, type BadInputReport } from '../helpers/torture.js';

const SECRET = 'secret outside the data directory';

/** Tasks the minimal valid arguments ("x") can reach: x, y waiting for x, and a completed one with an artifact. */
async function seed(call: (name: string, args: Record<string, unknown>) => Promise<{ isError?: boolean; content: unknown }>) {
  const steps: Array<[string, Record<string, unknown>]> = [
    ['orchestrator_create_generic_task', { title: 'x', task_id: 'x' }],
    ['orchestrator_create_generic_task', { title: 'y', task_id: 'y', dependencies: ['x'] }],
    ['orchestrator_create_generic_task', { title: 'done', task_id: 'done' }],
    ['orchestrator_execute_subtask', { task_id: 'done', worker_id: 'x' }],
    ['orchestrator_complete_subtask', { task_id: 'done', worker_id: 'x', summary: 's', detailed_work: 'w' }],
  ];
  for (const [name, args] of steps) {
    const result = await call(name, args);
    expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
  }
}

/**
 * Arguments that are not an object are refused by the SDK's request validation with a JSON-RPC error (it answers
 * -32603 with the schema error) before any tool sees them; everything else must come back as a tool result.
 */
function expectWellFormed(report: BadInputReport, where: string) {
  summarise(
    `bad input, ${where}: ${report.calls} calls, ${report.refused} refused, ${report.success} succeeded, ${report.protocolErrors.length} JSON-RPC errors`,
  );
  expect(report.problems).toEqual([]);
  for (const error of report.protocolErrors) expect(error).toMatch(/\(arguments that are (an array|a string|null)\): -3260[23] .*expected record/s);
  expect(report.calls).toBeGreaterThan(500);
  expect(report.refused).toBeGreaterThan(report.success);
}

async function readResourceAttempts(readResource: (uri: string) => Promise<string>, marker: string): Promise<string[]> {
  const answers: string[] = [];
  const uris = [
    `orchestrator://artifacts/..%2F..%2F/secret`,
    `orchestrator://artifacts/done/..%2F..%2Fsecret`,
    `orchestrator://artifacts/..%2F..%2F..%2Ftmp/${marker}`,
    `orchestrator://artifacts/done/%2Fetc%2Fpasswd`,
    `orchestrator://artifacts/done/a%00b`,
    `orchestrator://tasks/..%2F..%2Fsecret`,
    `orchestrator://tasks/%00`,
  ];
  for (const uri of uris) {
    try {
      answers.push(await readResource(uri));
    } catch (error) {
      expect(error, uri).toBeInstanceOf(ProtocolError);
      answers.push((error as Error).message);
    }
  }
  return answers;
}

describe('every tool called with generated invalid arguments', () => {
  const configurations: Array<[string, string[]]> = [
    ['the standard profile and compat-orchestrator-server', ['standard', 'compat-orchestrator-server']],
    ['compat-task-coordinator (with the standard profile)', ['standard', 'compat-task-coordinator']],
  ];

  test.each(configurations)(
    'in memory: %s',
    async (label, toolsets) => {
      const marker = `escape-${randomUUID().slice(0, 8)}`;
      const h = await mcpHarness({ toolsets });
      writeFileSync(path.join(h.dir, 'secret.md'), SECRET);
      await seed(h.call);
      const before = treeSnapshot(h.dir, [h.dataDir]);

      const report = await callEveryToolBadly(h.client, { marker });
      expectWellFormed(report, `in memory, ${label}`);
      expect(h.logs.join('')).not.toMatch(/internal error/i);

      const answers = await readResourceAttempts(async (uri) => {
        const read = await h.client.readResource({ uri });
        return JSON.stringify(read.contents);
      }, marker);
      for (const answer of answers) expect(answer).not.toContain(SECRET);

      // The server is still up and the store is whole.
      expect((await h.ok('orchestrator_health_check')).status).toBe('ok');
      expect((await h.ok('orchestrator_maintenance_coordinator', { action: 'validate_structure' })).ok).toBeTypeOf('boolean');
      await expect(openTaskStore(h.dataDir).read()).resolves.toMatchObject({ schemaVersion: 3 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // Nothing was written outside the data directory.
      expect(treeSnapshot(h.dir, [h.dataDir])).toEqual(before);
      expect(escapedFiles(marker, [h.dir, path.dirname(h.dir)])).toEqual([]);
    },
    120_000,
  );

  test('over stdio (the built binary): every tool of the standard profile and compat-orchestrator-server', async () => {
    const marker = `escape-${randomUUID().slice(0, 8)}`;
    const dir = testdir();
    const dataDir = path.join(dir, 'data');
    writeFileSync(path.join(dir, 'secret.md'), SECRET);
    const server = await stdioClient(isolatedEnv(dir, { ORCHESTRATOR_LOCK_STALE_MS: '2000' }), [
      'serve',
      '--toolsets',
      'standard,compat-orchestrator-server',
    ]);
    await seed(server.call);
    const before = treeSnapshot(dir, [dataDir]);

    // The SDK client serialises with JSON.stringify, which cannot go 10,000 levels deep; a raw client does below.
    const report = await callEveryToolBadly(server.client, { marker, depth: 1_000 });
    expectWellFormed(report, 'over stdio');
    expect(server.stderr()).not.toMatch(/internal error/i);

    const answers = await readResourceAttempts(async (uri) => JSON.stringify((await server.client.readResource({ uri })).contents), marker);
    for (const answer of answers) expect(answer).not.toContain(SECRET);

    expect((await server.data('orchestrator_health_check')).status).toBe('ok');
    expect(treeSnapshot(dir, [dataDir])).toEqual(before);
    expect(escapedFiles(marker, [dir, path.dirname(dir)])).toEqual([]);
  }, 180_000);

  test('over stdio, a raw client: arguments nested 100,000 levels deep are refused and the server stays up', async () => {
    const dir = testdir();
    const { child, done } = spawnBin(['serve', '--toolsets', 'standard'], isolatedEnv(dir));
    const deep = `${'{"d":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const deepList = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const create = (id: number, args: string) =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"orchestrator_create_generic_task","arguments":${args}}}`;
    const lines = [
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      }),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      create(2, `{"title":"deep","metadata":{"v":${deep}}}`),
      create(3, `{"title":"deep","metadata":{"v":${'{"d":'.repeat(50)}1${'}'.repeat(50)}}}`),
      create(4, `{"title":"deep","tags":${deepList}}`),
      create(5, '{"title":"still here"}'),
    ];
    child.stdin.end(`${lines.join('\n')}\n`);
    const { code, stdout, stderr } = await done;
    expect(code, stderr).toBe(0);
    const answers = new Map(
      stdout
        .split('\n')
        .filter(Boolean)
        .map(
          (line) =>
            JSON.parse(line) as {
              id: number;
              result?: { isError?: boolean; content: Array<{ text: string }>; structuredContent?: { task?: { title: string } } };
            },
        )
        .map((answer) => [answer.id, answer]),
    );
    for (const id of [2, 3, 4]) expect(answers.get(id)?.result?.isError, `answer ${id}`).toBe(true);
    expect(answers.get(3)?.result?.content[0]?.text).toMatch(/nested at most 32 levels/);
    expect(answers.get(5)?.result?.structuredContent?.task?.title).toBe('still here');
    expect(stderr).not.toMatch(/internal error/i);
  }, 60_000);

  // The SDK's stdio transport buffers at most 10 MiB of one message; past that it cannot find the next message
  // and closes the connection. The server then stops cleanly: nothing is half-written, and the client restarts it.
  test('over stdio, a message larger than 10 MiB ends the connection cleanly and changes nothing', async () => {
    const dir = testdir();
    const env = isolatedEnv(dir, { ORCHESTRATOR_TOOLSETS: 'standard' });
    const before = await stdioClient(env);
    await before.data('orchestrator_create_generic_task', { title: 'before', task_id: 'before' });
    await before.client.close();
    const store = storeFilesBytes(path.join(dir, 'data'));

    const { child, done } = spawnBin(['serve'], env);
    child.stdin.on('error', () => {});
    const lines = [
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      }),
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'orchestrator_create_generic_task', arguments: { title: 'x'.repeat(20 * 1024 * 1024) } },
      }),
    ];
    child.stdin.end(`${lines.join('\n')}\n`);
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr).toMatch(/protocol error error="ReadBuffer exceeded maximum size of 10485760 bytes"/);
    expect(stderr).toMatch(/stopped reason="connection closed"/);
    expect(storeFilesBytes(path.join(dir, 'data'))).toEqual(store);
  }, 60_000);
});
