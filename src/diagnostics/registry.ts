import { clientsCheck } from './checks/clients.js';
import { databaseCheck } from './checks/database.js';
import { locksCheck } from './checks/locks.js';
import { runtimeCheck } from './checks/runtime.js';
import { serverCheck } from './checks/server.js';
import { storeCheck } from './checks/store.js';
import type { Check } from './types.js';

/**
 * The checks `orchestrator doctor` runs, in the order it prints them. A check is a module under checks/ that
 * exports a `Check`; adding one is that module plus one entry here, and no other check changes. The server and
 * client checks start processes, so they come last and name each step through `progress`.
 */
export function doctorChecks(): Check[] {
  return [runtimeCheck, storeCheck, databaseCheck, locksCheck, serverCheck, clientsCheck];
}

/** `orchestrator db check`: the store alone. */
export function storeChecks(): Check[] {
  return [storeCheck, databaseCheck];
}
