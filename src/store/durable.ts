import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Whether writes wait for the disk. On by default: a change is acknowledged only once it would survive a power
 * loss. `ORCHESTRATOR_FSYNC=0` trades that for speed on machines where losing the last changes is acceptable.
 */
export function durableFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ORCHESTRATOR_FSYNC !== '0' && env.ORCHESTRATOR_FSYNC !== 'false';
}

export interface WriteOptions {
  /** fsync the file before the rename and the folder after it (default true). */
  durable?: boolean;
  /** The new file's mode; by default an existing file's mode is kept. */
  mode?: number;
}

/**
 * Replaces `file` with `data` atomically: a temp file of this writer's own (write-file-atomic names it after the
 * process and the call), flushed to disk, renamed over the file, and the folder flushed so that the rename itself
 * survives a power loss. Readers see the old file or the new one, never a mix.
 */
export function writeFileDurable(file: string, data: string | Buffer, options: WriteOptions = {}): void {
  const durable = options.durable ?? true;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic.sync(file, data, { fsync: durable, ...(options.mode !== undefined && { mode: options.mode }) });
  if (durable) syncDirectory(path.dirname(file));
}

/** Flushes a folder's entries (a rename, a new file) to disk. Not possible on Windows, where renames are durable. */
export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file's data written through `fd`. */
export function syncData(fd: number, durable: boolean): void {
  if (durable) fdatasyncSync(fd);
}
