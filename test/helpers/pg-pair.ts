import { onTestFinished } from 'vitest';
import { TaskService } from '../../src/core/index.js';
import { startPgProxy } from './pg-proxy.js';
import { freshStoreUrl, openTestStore } from './postgres.js';

/**
 * Two processes on one store: `other` talks to the database directly, `near` through a proxy that can hold its
 * statements or the answers to them, so that what `other` and `near`'s own reads do in between is chosen by the
 * test, not left to timing. `waitMs` bounds how long `near` waits for rows held by others.
 */
export async function twoProcesses(options: { waitMs?: number; idleInTransactionMs?: number } = {}) {
  const url = new URL(freshStoreUrl());
  const proxy = await startPgProxy(Number(url.port), {
    ...(options.idleInTransactionMs !== undefined && { idleInTransactionMs: options.idleInTransactionMs }),
  });
  const otherStore = openTestStore(url.toString());
  const other = new TaskService(otherStore);
  const directUrl = url.toString();
  url.port = String(proxy.port);
  const nearStore = openTestStore(url.toString(), { lock: { staleMs: 2_000, waitMs: options.waitMs ?? 15_000 } });
  const near = new TaskService(nearStore);
  // The proxy goes first: a statement it still holds would keep the stores from closing.
  onTestFinished(async () => {
    await proxy.close();
    await Promise.all([nearStore.close(), otherStore.close()]);
  });
  return { url: directUrl, proxy, other, otherStore, near, nearStore };
}
