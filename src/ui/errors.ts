import { isOrchestratorError, OrchestratorError } from '../errors.js';
import { color, symbols } from './theme.js';

/**
 * Prints an error for a person (stderr) or, with --json, as `{"error": {...}}` on stdout. Returns 'usage' for
 * errors of usage, 'user' for errors the user can act on, 'internal' for bugs.
 */
export function reportError(error: unknown, options: { json: boolean }): 'usage' | 'user' | 'internal' {
  if (isOrchestratorError(error)) {
    if (options.json) {
      const body = {
        code: error.code,
        message: error.message,
        ...(error.hint && { hint: error.hint }),
        ...(error.details && { details: error.details }),
      };
      process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
    } else {
      process.stderr.write(`${color.red(`${symbols.fail} ${error.message}`)}\n`);
      if (error.hint) process.stderr.write(`  ${color.dim(error.hint)}\n`);
    }
    return error.code === 'USAGE' ? 'usage' : 'user';
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${color.red(`${symbols.fail} Internal error: this is a bug in orchestrator.`)}\n${stack}\n`);
  process.stderr.write('Please report it with the output above and `orchestrator --version` (`npm bugs orchestrator-mcp` opens the tracker).\n');
  return 'internal';
}

/**
 * commander's message for bad usage as one line: "error: option '-n, --limit <n>' argument 'abc' is invalid.
 * Expected a whole number." loses its "error:" prefix (the mark says it) and its line breaks.
 */
export function usageError(message: string): OrchestratorError {
  const line = message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return new OrchestratorError(line.charAt(0).toUpperCase() + line.slice(1), { code: 'USAGE' });
}
