import { json } from './json/entry-edit.js';
import type { DocumentFormat, FormatId } from './types.js';

export { ConfigParseError } from './problem.js';
export type { ParseProblem } from './problem.js';
export type { Creation, DeleteOutcome, DocumentFormat, FormatId, SetOutcome } from './types.js';

const FORMATS: Record<FormatId, DocumentFormat> = { json };

export function formatOf(id: FormatId): DocumentFormat {
  return FORMATS[id];
}
