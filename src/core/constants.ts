// Plain lists shared by the zod schemas and by `--help` texts. Kept free of imports so that declaring the
// commands does not load zod.

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;

/**
 * Role names: lowercase letters, digits, "_" and "-", starting with a letter or digit (a leading "-" would read
 * as an option on the command line).
 */
export const ROLE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Highest first: the order next-task selection uses. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** The range of a lease, in seconds: long enough to notice a missed heartbeat, short enough to come back in a week. */
export const LEASE_SECONDS_MIN = 5;
export const LEASE_SECONDS_MAX = 7 * 24 * 3600;

/**
 * How long each text field may be, in characters, and how many items a list may hold: one table for the
 * stored task, the inputs of every operation and the arguments of every MCP tool.
 */
export const FIELD_LIMITS = {
  title: 500,
  description: 100_000,
  complexity: 64,
  effort: 128,
  reason: 10_000,
  result: 1_000_000,
  summary: 100_000,
  error: 100_000,
  detailedWork: 1_000_000,
  context: 100_000,
  search: 500,
  filePath: 4096,
  filePaths: 1000,
  dependencies: 500,
  tags: 50,
  roles: 50,
  subtasks: 200,
} as const;
