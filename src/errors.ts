/**
 * Errors a user can act on. Anything that is not an OrchestratorError is a bug and is reported as one
 * (exit code 70) by src/cli.ts, the only place that turns errors into exit codes.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CYCLE'
  | 'FORBIDDEN'
  | 'LOCKED'
  | 'CANCELLED'
  | 'STORE_CORRUPT'
  | 'STORE_INVALID'
  | 'STORE_VERSION'
  | 'IO'
  | 'USAGE';

export interface OrchestratorErrorOptions {
  code: ErrorCode;
  /** The next step for the user, printed under the message. */
  hint?: string;
  cause?: unknown;
  /** Machine-readable details for --json output and MCP structured errors. */
  details?: Record<string, unknown>;
}

/**
 * Marks every OrchestratorError, whichever copy of this module made it: `orchestrator serve` runs from a one-file
 * build (see commands/serve/fast.ts), whose classes are not the ones the entry point imports.
 */
const BRAND = Symbol.for('orchestrator.OrchestratorError');

export class OrchestratorError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: OrchestratorErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrchestratorError';
    this.code = options.code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad usage at the terminal (exit 2): options that do not go together, a value that is not one. */
export function usage(message: string, hint?: string): OrchestratorError {
  return new OrchestratorError(message, { code: 'USAGE', ...(hint !== undefined && { hint }) });
}

export function isOrchestratorError(error: unknown): error is OrchestratorError {
  // Every instance carries the brand, so this covers this module's class as well as other copies'.
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** A problem found at a place in a file: a template, a role file, a file being imported. */
export interface FileProblem {
  file: string;
  line?: number | undefined;
  message: string;
}

/**
 * `file:line: message`, the form editors and CI annotate from. `file` is the path as it should be shown (the
 * terminal shows it relative to the working directory: see ui/paths.ts).
 */
export function problemText(problem: FileProblem, file: string = problem.file): string {
  return `${file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}

/** Orders problems by file, then by line, as they are listed. */
export function byFileAndLine(a: FileProblem, b: FileProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0);
}
