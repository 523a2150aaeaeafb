// Plain lists shared by the zod schemas and by `--help` texts. Kept free of imports so that declaring the
// commands does not load zod.

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;

/** Highest first: the order next-task selection uses. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
