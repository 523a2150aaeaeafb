import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, onTestFinished, test } from 'vitest';
import { openTaskStore, TaskService, type TaskStore } from '../../src/core/index.js';
import { reopen } from '../helpers/backend.js';
import { binPath as bin, isolatedEnv } from '../helpers/bin.js';
import { mcpHarness } from '../helpers/mcp.js';
import { testdir } from '../helpers/testdir.js';

/**
 * Another process's view of the store: its own store object and service, as `orchestrator tasks` would have; on
 * the same backend as `store` when one is given.
 */
function otherProcess(dataDir: string, store?: TaskStore): TaskService {
  if (store) return new TaskService(reopen(store, dataDir));
  const files = openTaskStore(dataDir, { lock: { staleMs: 2_000, waitMs: 7_000 }, durable: false });
  onTestFinished(() => files.close());
  return new TaskService(files);
}

/** Resolves when `probe()` is true, checking every 20 ms, for at most `ms`. */
async function until(probe: () => boolean, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('resource notifications, fed by the store change feed', () => {
  test('list_changed when another process creates, deletes or archives a task; updated for a subscribed task only', async () => {
    const listChanged: number[] = [];
    const updated: string[] = [];
    const h = await mcpHarness({
      setup: (client) => {
        client.setNotificationHandler('notifications/resources/list_changed', () => void listChanged.push(Date.now()));
        client.setNotificationHandler('notifications/resources/updated', (notification) => void updated.push(notification.params.uri));
      },
    });
    const caps = h.client.getServerCapabilities();
    expect(caps?.resources).toEqual({ listChanged: true, subscribe: true });
    await h.ok('orchestrator_create_generic_task', { title: 'Mine', task_id: 'a' });
    await h.client.listResources();
    await h.client.subscribeResource({ uri: 'orchestrator://tasks/a' });
    await h.client.subscribeResource({ uri: 'orchestrator://board' });
    await expect(h.client.subscribeResource({ uri: 'orchestrator://nothing' })).rejects.toMatchObject({ code: -32602 });
    listChanged.length = 0;
    updated.length = 0;

    const other = otherProcess(h.dataDir, h.connection.service.store);
    await other.create({ id: 'b', title: 'From elsewhere' }, 'cli:other');
    await until(() => listChanged.length > 0);
    await until(() => updated.includes('orchestrator://board'));
    expect(updated).not.toContain('orchestrator://tasks/b');

    // A change to a task the client subscribed to; a title change does not change the list.
    listChanged.length = 0;
    updated.length = 0;
    await other.update('a', { title: 'Renamed' }, 'cli:other');
    await until(() => updated.includes('orchestrator://tasks/a'));
    await other.update('b', { title: 'Also renamed' }, 'cli:other');
    await until(() => updated.filter((uri) => uri === 'orchestrator://board').length >= 2);
    expect(updated).not.toContain('orchestrator://tasks/b');
    expect(listChanged).toEqual([]);

    await h.client.unsubscribeResource({ uri: 'orchestrator://tasks/a' });
    updated.length = 0;
    listChanged.length = 0;
    await other.delete('b', { actor: 'cli:other' });
    await until(() => listChanged.length > 0);
    await other.start('a', { worker: 'w' });
    await other.complete('a', { worker: 'w' });
    await other.archive(['a'], { actor: 'cli:other' });
    await until(() => listChanged.length > 1);
    expect(updated).not.toContain('orchestrator://tasks/a');
  }, 30_000);

  test('protocol 2026-07-28 over stdio: the changes come on the subscriptions/listen stream', async () => {
    const dir = testdir();
    const env = isolatedEnv(dir, { ORCHESTRATOR_TOOLSETS: 'standard' });
    const client = new Client({ name: 'modern', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    const listChanged: string[] = [];
    const updated: string[] = [];
    client.setNotificationHandler('notifications/resources/list_changed', () => void listChanged.push('list'));
    client.setNotificationHandler('notifications/resources/updated', (notification) => void updated.push(notification.params.uri));
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [bin, 'serve'], env: env as Record<string, string>, stderr: 'pipe' }),
    );
    onTestFinished(() => client.close());
    expect(client.getProtocolEra()).toBe('modern');
    await client.callTool({ name: 'orchestrator_create_generic_task', arguments: { title: 'First', task_id: 'a' } });
    const subscription = await client.listen({ resourcesListChanged: true, resourceSubscriptions: ['orchestrator://tasks/a'] });
    expect(subscription.honoredFilter).toMatchObject({ resourcesListChanged: true, resourceSubscriptions: ['orchestrator://tasks/a'] });

    const other = otherProcess(path.join(dir, 'data'));
    await other.create({ id: 'b', title: 'Second' }, 'cli:other');
    await until(() => listChanged.length > 0);
    await other.update('a', { title: 'Renamed' }, 'cli:other');
    await until(() => updated.includes('orchestrator://tasks/a'));
    await other.update('b', { title: 'Renamed too' }, 'cli:other');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updated).not.toContain('orchestrator://tasks/b');
    await subscription.close();
  }, 30_000);
});
