import { appendFileSync, ftruncateSync, openSync, closeSync, fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** One line of events.jsonl. `rev` is the store revision the change produced. */
export interface LoggedEvent {
  rev: number;
  ts: string;
  [key: string]: unknown;
}

/**
 * Appends events for a change that is about to be committed and returns the log's new size.
 *
 * Events are written before the store, and the store records the log size it committed with. A process killed
 * between the two leaves lines past that size; they describe a change that never happened, so the next writer
 * cuts them off here. That keeps the log and the store in agreement whatever moment a writer dies at.
 */
export function appendEvents(file: string, committedBytes: number | undefined, events: readonly LoggedEvent[]): number {
  const fd = openSync(file, 'a+');
  try {
    const size = fstatSync(fd).size;
    if (committedBytes !== undefined && size > committedBytes) ftruncateSync(fd, committedBytes);
    const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    if (text) appendFileSync(fd, text);
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** Reads the log, skipping a torn last line and any line past `maxRev` (written by a change that did not commit). */
export async function readEvents(file: string, maxRev: number): Promise<LoggedEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const events: LoggedEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const event = JSON.parse(line) as LoggedEvent;
      if (typeof event.rev === 'number' && event.rev <= maxRev) events.push(event);
    } catch {
      // A torn line can only be the uncommitted tail of a killed writer.
    }
  }
  return events;
}
