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
