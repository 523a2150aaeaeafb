import { existsSync } from 'node:fs';
import { isOrchestratorError, OrchestratorError } from '../errors.js';
import { JSON_PARSE_ERROR_CODES, jsonParseErrorInWords } from '../json-parse-errors.js';

const PARSE_CODE = new RegExp(`: (${JSON_PARSE_ERROR_CODES.join('|')})\\. It was not changed\\.$`);

/**
 * Says in words what went wrong with the store's files: which permission is missing, a full or read-only disk,
 * where a file stops parsing. A store that does not exist yet is not called intact, and permission is not
 * blamed on disk space. Other errors pass unchanged.
 */
export function describeStoreError(error: unknown, storeFile?: string): unknown {
  if (!isOrchestratorError(error)) return error;
  if (error.code === 'STORE_CORRUPT' && PARSE_CODE.test(error.message)) {
    const message = error.message.replace(PARSE_CODE, (_all, code: string) => `: ${jsonParseErrorInWords(code)}. It was not changed.`);
    return new OrchestratorError(message, { code: error.code, ...(error.hint && { hint: error.hint }), cause: error, ...(error.details && { details: error.details }) });
  }
  const errno = error.details?.errno;
  if (error.code !== 'IO' || typeof errno !== 'string') return error;
  const path = systemPath(error) ?? storeFile ?? 'the data directory';
  const intact = storeFile && existsSync(storeFile) ? ` ${storeFile} was not changed.` : '';
  const described = ((): { message: string; hint: string } | undefined => {
    switch (errno) {
      case 'EACCES':
      case 'EPERM':
        return {
          message: `Permission denied: this user may not write ${path}.`,
          hint: `Make the folder writable for you (\`ls -ld\` shows its owner), or choose another with --data-dir.${intact}`,
        };
      case 'EROFS':
        return { message: `${path} is on a read-only file system.`, hint: `Choose a writable folder with --data-dir.${intact}` };
      case 'ENOSPC':
      case 'EDQUOT':
        return { message: `The disk is full: ${path} could not be written.`, hint: `Free disk space, then retry.${intact}` };
      case 'ENOTDIR':
        return { message: `A part of ${path} is a file, not a folder.`, hint: `Choose another folder with --data-dir.${intact}` };
      default:
        return undefined;
    }
  })();
  return described ? new OrchestratorError(described.message, { code: 'IO', hint: described.hint, cause: error, details: error.details }) : error;
}

/** The path the file system named, from the first error in the chain of causes that has one. */
function systemPath(error: Error): string | undefined {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const path = (cause as NodeJS.ErrnoException).path;
    if (typeof path === 'string') return path;
  }
  return undefined;
}
