import { appendFileSync, closeSync, fstatSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { appendFileDurable, syncData, writeFileDurable } from './durable.js';

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
export function appendEvents(file: string, committedBytes: number | undefined, events: readonly LoggedEvent[], durable = true): number {
  const fd = openSync(file, 'a+');
  try {
    const size = fstatSync(fd).size;
    if (committedBytes !== undefined && size > committedBytes) ftruncateSync(fd, committedBytes);
    const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    if (text) {
      appendFileSync(fd, text);
      // The events of a change reach the disk before the change itself is committed.
      syncData(fd, durable);
    }
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

/** The committed part of the log, line by line, as read inside the lock. */
export interface CommittedLog {
  /** The raw text of each committed line, without its line break. */
  lines: string[];
  events: LoggedEvent[];
}

/**
 * Reads the committed events synchronously (a change function runs synchronously inside the lock). Lines past
 * `committedBytes`, torn lines and lines past `maxRev` belong to changes that never committed and are left out.
 */
export function readCommittedLog(file: string, committedBytes: number | undefined, maxRev: number): CommittedLog {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], events: [] };
    throw error;
  }
  // A log shorter than the committed size was rewritten by a compaction that did not commit: all of it is committed.
  const text = (committedBytes !== undefined && committedBytes < buffer.length ? buffer.subarray(0, committedBytes) : buffer).toString('utf8');
  const log: CommittedLog = { lines: [], events: [] };
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const event = JSON.parse(line) as LoggedEvent;
      if (typeof event.rev !== 'number' || event.rev > maxRev) continue;
      log.lines.push(line);
      log.events.push(event);
    } catch {
      // torn line
    }
  }
  return log;
}

/**
 * Moves the `count` oldest committed lines to `archiveFile` (appended) and replaces the log with the rest,
 * atomically (temp file + rename). Returns the new size of the log, which the caller commits with.
 *
 * The archive is written first: a crash before the rename leaves those lines in both files, never in neither.
 * A crash after the rename but before the store is written leaves a log that holds only committed lines and is
 * shorter than the size the store recorded; `appendEvents` then appends without cutting anything.
 */
export function moveOldestEvents(file: string, log: CommittedLog, count: number, archiveFile: string, durable = true): number {
  const moved = log.lines.slice(0, count);
  const kept = log.lines.slice(count);
  if (moved.length > 0) appendFileDurable(archiveFile, moved.map((line) => `${line}\n`).join(''), durable);
  const text = kept.map((line) => `${line}\n`).join('');
  writeFileDurable(file, text, { durable });
  return Buffer.byteLength(text);
}

/** The highest revision any parseable line of the log carries (0 for an empty or missing log). */
export function maxLoggedRevision(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let max = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const rev = (JSON.parse(line) as { rev?: unknown }).rev;
      if (typeof rev === 'number' && rev > max) max = rev;
    } catch {
      // torn line
    }
  }
  return max;
}
