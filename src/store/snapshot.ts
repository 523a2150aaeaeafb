import { existsSync } from 'node:fs';
import { OrchestratorError } from '../errors.js';
import { encodeDocument, type CodecSchemas } from './codec.js';
import { decodeDocument, type DecodeOptions } from './decode.js';
import { withIoErrors, writeFileDurable } from './durable.js';

/**
 * Writes `document` whole to `file` in the store's layout, atomically (a backup, the copy a restore keeps of what
 * it replaces). With `exclusive`, an existing file is never replaced. Returns the size written.
 */
export function writeSnapshotFile(file: string, document: object, schemas: CodecSchemas, options: { durable: boolean; exclusive?: boolean }): number {
  if (options.exclusive && existsSync(file)) {
    throw new OrchestratorError(`${file} already exists.`, { code: 'CONFLICT', hint: 'Choose another file name, or remove that file first.' });
  }
  const text = encodeDocument(document as Record<string, unknown>, schemas);
  withIoErrors(file, () => writeFileDurable(file, text, { durable: options.durable }));
  return Buffer.byteLength(text);
}

/**
 * Checks that `text` is a document the store accepts (parse, schema version, migrations, schema) without touching
 * the store. Errors name `source` and say that nothing was changed.
 */
export function parseSnapshot<T>(text: string, source: string, options: DecodeOptions): T {
  return decodeDocument<T>(source, text, options, 'Nothing was restored; the store is unchanged. Choose another snapshot.').document;
}
