import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemoryTransport, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { createServer } from './create-server.js';
import { createLogger } from './logger.js';
import { parseToolsets } from './toolsets.js';

/**
 * Runs what a client's first exchange runs (initialize, tools/list, resources/list) against a server built on an
 * empty temporary store, so that the code it needs has been compiled: a code cache made afterwards holds it.
 */
export async function warmUp(version: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'orchestrator-warm-up-'));
  try {
    const created = createServer({
      version,
      env: {},
      cwd: dir,
      home: dir,
      dataDir: path.join(dir, 'data'),
      toolsets: parseToolsets('all'),
      logger: createLogger({ stream: process.stderr, level: 'silent' }),
    });
    const [client, server] = InMemoryTransport.createLinkedPair();
    const answers = new Map<number, (message: JSONRPCMessage) => void>();
    client.onmessage = (message) => {
      if ('id' in message && typeof message.id === 'number') answers.get(message.id)?.(message);
    };
    await created.server.connect(server);
    await client.start();
    const request = (id: number, method: string, params: Record<string, unknown> = {}) =>
      new Promise<JSONRPCMessage>((resolve) => {
        answers.set(id, resolve);
        void client.send({ jsonrpc: '2.0', id, method, params });
      });
    await request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'warm-up', version } });
    await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await request(2, 'tools/list');
    await request(3, 'resources/list');
    await request(4, 'prompts/list');
    await created.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
