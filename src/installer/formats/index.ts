import { json } from './json/entry-edit.js';
import { toml } from './toml/edit.js';
import { yamlList, yamlMap } from './yaml/edit.js';
import type { DocumentFormat, FormatId } from './types.js';

export { ConfigParseError } from './problem.js';
export type { ParseProblem } from './problem.js';
export type { Creation, DeleteOutcome, DocumentFormat, FormatId, SetOutcome } from './types.js';

const FORMATS: Record<FormatId, DocumentFormat> = { json, toml, yaml: yamlMap, 'yaml-list': yamlList };

export function formatOf(id: FormatId): DocumentFormat {
  return FORMATS[id];
}
