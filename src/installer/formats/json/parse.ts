import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { jsonParseErrorInWords } from '../../../json-parse-errors.js';
import { ConfigParseError, lineColumn } from '../problem.js';

/**
 * Parses JSON with comments and trailing commas (what VS Code and Zed allow; the plain-JSON clients never write
 * them, so accepting them costs nothing). Returns undefined for an empty document and throws ConfigParseError
 * for anything that is not a JSON object: a file we cannot read exactly is a file we must not write.
 */
export function parseObject(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const first = errors[0];
  if (first) throw new ConfigParseError({ message: describeError(first), ...lineColumn(text, first.offset) });
  if (root === undefined) return undefined;
  if (root.type !== 'object') throw new ConfigParseError({ message: 'the top level is not a JSON object', ...lineColumn(text, root.offset) });
  return root;
}

function describeError(error: ParseError): string {
  return jsonParseErrorInWords(printParseErrorCode(error.error));
}

/** The property node `key` of an object node. */
export function findProperty(object: Node, key: string): Node | undefined {
  return object.children?.find((property) => property.children?.[0]?.value === key);
}

/** The value node at a path of object keys, or undefined if any step is missing. */
export function nodeAt(root: Node | undefined, keys: readonly string[]): Node | undefined {
  return root && (keys.length === 0 ? root : findNodeAtLocation(root, [...keys]));
}
