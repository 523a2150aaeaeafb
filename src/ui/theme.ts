import { Chalk, supportsColor } from 'chalk';

/**
 * One chalk instance for all terminal output: colour follows chalk's detection (TTY, FORCE_COLOR), and
 * NO_COLOR (https://no-color.org) turns it off, which chalk alone does not do.
 */
const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
export const color = new Chalk({ level: noColor || !supportsColor ? 0 : supportsColor.level });

/** Checklist marks (doctor, results of a change). */
export const symbols = {
  ok: '✔',
  warn: '⚠',
  fail: '✖',
} as const;

/**
 * Task state marks. All are one column wide for string-width and for terminals alike, so tables stay aligned
 * (✔, ✖ and ▶ are emoji-capable and measure as two columns).
 */
export const stateSymbols = {
  ready: '●',
  blocked: '○',
  planned: '◆',
  running: '▸',
  expired: '◌',
  completed: '✓',
  failed: '✗',
  cancelled: '⊘',
} as const;
