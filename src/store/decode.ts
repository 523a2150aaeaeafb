import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { OrchestratorError } from '../errors.js';
import { decodeLayout, freezeEntries, headerOf, isRecord, validateDocument, type CodecSchemas } from './codec.js';
import { jsonParseErrorInWords } from '../json-parse-errors.js';

export { isRecord };

/** How to turn the text of a document into a current, valid document. */
export interface DecodeOptions {
  schemaVersion: number;
  schemas: CodecSchemas;
  /** `migrations[n]` turns a version-n document into version n+1. */
  migrations?: Record<number, (document: Record<string, unknown>) => Record<string, unknown>> | undefined;
}

export interface Decoded<T> {
  document: T;
  /** The file held an older schema version (migrated in memory only). */
  migratedFrom?: number;
}

/**
 * Parses, migrates and validates the text of `file`. Errors name the file, the position or field, and `hint`
 * (by default, how to restore the store: the text is assumed to be the store itself).
 *
 * Given `previous`, text in the store's own layout and current schema version takes the fast path (codec.ts):
 * entries whose line is unchanged since `previous` are reused without parsing or validation. Anything else is
 * parsed whole. Either way the entries come out frozen.
 */
export function decodeDocument<T>(file: string, text: string, options: DecodeOptions, hint = restoreHint(file), previous?: T): Decoded<T> {
  // The fast path pays only where there are entries to reuse. A first read parses the text in one JSON.parse,
  // which makes no line strings and keeps nothing of the text once the document is built.
  if (previous !== undefined && new RegExp(`^\\{\\n  "schemaVersion": ${options.schemaVersion},?\\n`).test(text)) {
    const fast = validated(file, hint, options.schemaVersion, () => {
      const raw = decodeLayout(text, options.schemas, previous as Record<string, unknown> | undefined);
      return raw && { ...raw, ...options.schemas.header.parse(headerOf(raw, new Set(Object.keys(options.schemas.collections)))) };
    });
    if (fast) return { document: fast as T };
  }
  return decodeRecord<T>(file, parseJson(file, text, hint), options, hint);
}

/**
 * Migrates and validates a document that is already parsed (`raw`, from the text of a file or from the rows of
 * a database): the version check, the migrations, the schema, and the entries frozen. Errors as decodeDocument's.
 */
export function decodeRecord<T>(file: string, raw: unknown, options: DecodeOptions, hint = restoreHint(file)): Decoded<T> {
  if (!isRecord(raw) || typeof raw.schemaVersion !== 'number') {
    throw invalidDocument(file, 'it has no numeric "schemaVersion" field', hint);
  }
  const fromVersion = raw.schemaVersion;
  if (fromVersion > options.schemaVersion) {
    throw new OrchestratorError(`${file} has schema version ${fromVersion}, newer than this orchestrator understands (${options.schemaVersion}).`, {
      code: 'STORE_VERSION',
      hint: 'Upgrade orchestrator (npm i -g orchestrator@latest); the file was left as it is.',
      details: { file, schemaVersion: fromVersion, supportedVersion: options.schemaVersion },
    });
  }
  let migrated: Record<string, unknown> = raw;
  for (let version = fromVersion; version < options.schemaVersion; version++) {
    const step = options.migrations?.[version];
    if (!step) throw invalidDocument(file, `no migration from schema version ${version}`, hint, fromVersion);
    migrated = { ...step(migrated), schemaVersion: version + 1 };
  }
  const document = validated(file, hint, fromVersion, () => validateDocument(migrated, options.schemas));
  freezeEntries(document, options.schemas);
  return fromVersion < options.schemaVersion ? { document: document as T, migratedFrom: fromVersion } : { document: document as T };
}

/** Validation of what was read: a failure means `file` is not a valid store (or snapshot); `hint` says what to do. */
export function validated<R>(file: string, hint: string, schemaVersion: number | undefined, validate: () => R): R {
  try {
    return validate();
  } catch (error) {
    if (error instanceof z.ZodError) throw invalidDocument(file, z.prettifyError(error), hint, schemaVersion);
    throw error;
  }
}

function parseJson(file: string, text: string, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column, problem } = locateJsonError(text);
    throw new OrchestratorError(
      `${file} does not parse at line ${line}, column ${column}: ${problem ?? (error as Error).message}. It was not changed.`,
      { code: 'STORE_CORRUPT', hint, cause: error, details: { file, line, column } },
    );
  }
}

/** JSON.parse does not always say where it gave up; jsonc-parser in strict mode does. */
function locateJsonError(text: string): { line: number; column: number; problem?: string } {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset ?? text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return {
    line,
    column: offset - before.lastIndexOf('\n'),
    ...(errors[0] && { problem: jsonParseErrorInWords(printParseErrorCode(errors[0].error)) }),
  };
}

function invalidDocument(file: string, problem: string, hint: string, schemaVersion?: number): OrchestratorError {
  return new OrchestratorError(`${file} is not a valid store: ${problem}. It was not changed.`, {
    code: 'STORE_INVALID',
    hint,
    details: { file, ...(schemaVersion !== undefined && { schemaVersion }) },
  });
}

export function restoreHint(file: string): string {
  const dir = path.dirname(file);
  return (
    `Restore a snapshot with \`orchestrator db restore <file>\` (snapshots are in ${path.join(dir, 'backups')}), ` +
    `or fix the file by hand. Nothing will write to ${path.basename(file)} until it is valid.`
  );
}
