// How the task service behaves where callers do not say: defaults, overridable from the environment.

export interface TaskServiceSettings {
  /** Lease given to a claim when the caller does not choose one. */
  leaseSeconds: number;
  /** Attempts (expired leases and failures) before an expiring task is marked failed. */
  maxAttempts: number;
  /** Numbered worker slots for clients that cap concurrent workers; 0 means no limit. */
  workerSlots: number;
}

export const DEFAULT_SETTINGS: TaskServiceSettings = { leaseSeconds: 1800, maxAttempts: 3, workerSlots: 5 };

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): TaskServiceSettings {
  const lease = Number(env.ORCHESTRATOR_LEASE_SECONDS);
  const attempts = Number(env.ORCHESTRATOR_MAX_ATTEMPTS);
  const slots = env.ORCHESTRATOR_WORKER_SLOTS === undefined || env.ORCHESTRATOR_WORKER_SLOTS === '' ? NaN : Number(env.ORCHESTRATOR_WORKER_SLOTS);
  return {
    leaseSeconds: Number.isInteger(lease) && lease >= 5 ? lease : DEFAULT_SETTINGS.leaseSeconds,
    maxAttempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : DEFAULT_SETTINGS.maxAttempts,
    workerSlots: Number.isInteger(slots) && slots >= 0 ? slots : DEFAULT_SETTINGS.workerSlots,
  };
}
