import { locksCheck } from './checks/locks.js';
import { runtimeCheck } from './checks/runtime.js';
import { storeCheck } from './checks/store.js';
import type { Check } from './types.js';

/**
 * The checks `orchestrator doctor` runs, in the order it prints them. A check is a module under checks/ that
 * exports a `Check`; adding one is that module plus one entry here, and no other check changes.
 *
 * Still to come, each in its own module:
 * - `checks/server.ts` (after `locksCheck`): spawn `orchestrator serve` on `context.dataDir`, complete
 *   `initialize` and `tools/list`, report the time taken and the tool count. No fix.
 * - `checks/clients.ts` (last): one result per detected client (only those in `context.clients` when
 *   `--client` is given): the config parses, our entry is under the right key, its command is executable the
 *   way the client starts it, a handshake completes, the tool count fits the client's limit, no duplicates.
 *   Its fix (scope 'repair', so `--fix` only) re-runs the installer for a client whose entry is stale.
 */
export function doctorChecks(): Check[] {
  return [runtimeCheck, storeCheck, locksCheck];
}

/** `orchestrator db check`: the store alone. */
export function storeChecks(): Check[] {
  return [storeCheck];
}
