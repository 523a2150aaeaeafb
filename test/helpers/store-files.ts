import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openTaskStore, type StoreDocument } from '../../src/core/index.js';

/** The committed document of a data directory, read the way a new process reads it (snapshot and journal). */
export async function readStoreFiles(dataDir: string): Promise<StoreDocument> {
  return openTaskStore(dataDir).read();
}

/**
 * A hand edit of the store, as a person with an editor would make it: the whole committed document written to
 * store.json (as plain JSON, not in the store's own layout), the journal started afresh after it. `edit` may
 * break the document in any way.
 */
export async function editStoreFiles(dataDir: string, edit: (document: any) => void): Promise<void> {
  // A store an earlier edit broke is all in store.json already.
  const document = await readStoreFiles(dataDir).then(
    (read) => JSON.parse(JSON.stringify(read)),
    () => JSON.parse(readFileSync(path.join(dataDir, 'store.json'), 'utf8')),
  );
  edit(document);
  writeFileSync(path.join(dataDir, 'store.json'), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(path.join(dataDir, 'journal.jsonl'), `${JSON.stringify({ base: document.revision })}\n`);
}

/** The bytes of the store's files, to check that something left them alone. */
export function storeFilesBytes(dataDir: string): Record<string, string | null> {
  const read = (name: string) => (existsSync(path.join(dataDir, name)) ? readFileSync(path.join(dataDir, name), 'utf8') : null);
  return { 'store.json': read('store.json'), 'journal.jsonl': read('journal.jsonl') };
}
