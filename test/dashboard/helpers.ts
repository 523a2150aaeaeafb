import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { openTaskStore, TaskService } from '../../src/core/index.js';
import { createDashboardHandler, type DashboardDeps } from '../../src/dashboard/handler.js';
import { repoRoot } from '../helpers/bin.js';
import { testdir } from '../helpers/testdir.js';
// @ts-expect-error a plain ES module shared with the benchmarks
import { launchBrowser } from './chromium.mjs';

export type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/** One headless Chromium for the tests of a file: started before them, closed after. Call it at the top level. */
export function sharedBrowser(): { readonly current: Browser } {
  const shared = {} as { current: Browser };
  beforeAll(async () => {
    shared.current = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await shared.current?.close();
  });
  return shared;
}

export const WEB_ROOT = path.join(repoRoot, 'dist', 'dashboard', 'web');

/** A service on a fresh data directory, with the real clock (leases count down in the browser). */
export function liveService() {
  const dir = path.join(testdir(), '.task_orchestrator');
  const service = new TaskService(openTaskStore(dir, { lock: { staleMs: 2_000, waitMs: 5_000 } }));
  return { dir, service };
}

/** The dashboard handler on 127.0.0.1 and a free port, closed when the test ends. */
export async function serveDashboard(overrides: Partial<DashboardDeps> & { service: TaskService }) {
  const security = { host: '127.0.0.1', port: 0, ...overrides.security };
  const errors: unknown[] = [];
  const handler = createDashboardHandler({
    version: '0.0.0-test',
    actor: 'dashboard:tester',
    webRoot: WEB_ROOT,
    roleNames: async () => ['architect', 'implementer', 'tester'],
    onError: (error) => errors.push(error),
    ...overrides,
    security,
  });
  const server = createServer((req, res) => void handler.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  security.port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${security.port}`;
  onTestFinished(async () => {
    handler.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url, port: security.port, handler, errors };
}

/** A raw request with exactly the headers given (fetch would add an Origin or refuse to set Host). */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    import('node:http').then(({ request: send }) => {
      const req = send(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
      req.end(options.body);
    }, reject);
  });
}
