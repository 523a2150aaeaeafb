import { OrchestratorError, isOrchestratorError } from '../errors.js';

/**
 * The option or argument that carries each input field at the terminal. The core validates with the same
 * schema for both faces and names the field it refused ("leaseSeconds"); a person typed a flag ("--lease").
 */
const FLAGS: Record<string, string> = {
  id: '--id',
  title: 'title',
  description: 'description',
  dependencies: '--dep',
  addDependencies: '--add-dep',
  removeDependencies: '--remove-dep',
  role: '--role',
  roles: '--role',
  priority: '--priority',
  parentId: '--parent',
  tags: '--tag',
  addTags: '--add-tag',
  removeTags: '--remove-tag',
  complexity: '--complexity',
  estimatedEffort: '--effort',
  leaseSeconds: '--lease',
  worker: '--worker',
  actor: '--worker',
  status: '--status',
  search: '--search',
  assignee: '--assignee',
  limit: '--limit',
  result: '--result',
  summary: '--summary',
  error: '--error',
  reason: '--reason',
};

interface Issue {
  path?: readonly PropertyKey[];
  message?: string;
}

/**
 * An input the core refused for its shape (INVALID_INPUT with zod issues) is bad usage at the terminal: it
 * becomes a USAGE error (exit 2) that names the flag. Every other error passes unchanged.
 */
export function asTerminalError(error: unknown): unknown {
  if (!isOrchestratorError(error) || error.code !== 'INVALID_INPUT') return error;
  const issues = error.details?.issues as Issue[] | undefined;
  const first = issues?.[0];
  const field = first?.path?.[0];
  if (!first || typeof field !== 'string' || !(field in FLAGS)) return error;
  const message = (first.message ?? 'invalid value').replace(/\.$/, '');
  return new OrchestratorError(`Invalid ${FLAGS[field]}: ${message.charAt(0).toLowerCase()}${message.slice(1)}.`, {
    code: 'USAGE',
    ...(error.hint && { hint: error.hint }),
    cause: error,
    details: { flag: FLAGS[field] },
  });
}
