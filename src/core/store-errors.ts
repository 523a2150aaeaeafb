import { isOrchestratorError, OrchestratorError } from '../errors.js';
import { JSON_PARSE_ERROR_CODES, jsonParseErrorInWords } from '../json-parse-errors.js';

const PARSE_CODE = new RegExp(`: (${JSON_PARSE_ERROR_CODES.join('|')})\\. It was not changed\\.$`);

/**
 * A store that does not parse is reported with where it stops and, here, what is wrong in words ("unexpected
 * character") instead of the parser's code name (InvalidSymbol). Other errors pass unchanged.
 */
export function describeStoreError(error: unknown): unknown {
  if (!isOrchestratorError(error) || error.code !== 'STORE_CORRUPT' || !PARSE_CODE.test(error.message)) return error;
  const message = error.message.replace(PARSE_CODE, (_all, code: string) => `: ${jsonParseErrorInWords(code)}. It was not changed.`);
  return new OrchestratorError(message, {
    code: error.code,
    ...(error.hint && { hint: error.hint }),
    cause: error,
    ...(error.details && { details: error.details }),
  });
}
