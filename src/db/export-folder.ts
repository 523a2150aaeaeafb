import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TaskService } from '../core/index.js';
import { OrchestratorError } from '../errors.js';
import { durableFromEnv, writeFileDurable } from '../store/index.js';
import { looksLikeTaskFile, renderTaskFile, taskFileName } from './task-files.js';

export interface FolderExport {
  dir: string;
  /** How many tasks the folder holds now. */
  tasks: number;
  /** Files written because they were new or changed. */
  written: string[];
  /** Files of tasks that are no longer in the store, removed so that importing the folder does not bring them back. */
  removed: string[];
  unchanged: number;
}

/**
 * Writes one Markdown file per task into `dir` (see task-files.ts). Only files that change are written, so a
 * folder under git shows exactly the tasks that changed; task files of tasks that are gone are removed; any
 * other file in the folder is left alone.
 */
export async function runExportFolder(options: { dir: string }, deps: { service: TaskService }): Promise<FolderExport> {
  const dir = path.resolve(options.dir);
  const doc = await deps.service.snapshot();
  const tasks = Object.values(doc.tasks);
  // On macOS and Windows "T1.md" and "t1.md" are one file: refuse rather than let one task overwrite another.
  const folded = new Map<string, string>();
  for (const task of tasks) {
    const other = folded.get(task.id.toLowerCase());
    if (other) {
      throw new OrchestratorError(`Tasks "${other}" and "${task.id}" differ only in case; their files would be one file on many systems.`, {
        code: 'CONFLICT',
        hint: 'Export to JSON instead, or give one of them another id.',
      });
    }
    folded.set(task.id.toLowerCase(), task.id);
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw ioError(dir, error);
  }
  const result: FolderExport = { dir, tasks: tasks.length, written: [], removed: [], unchanged: 0 };
  const wanted = new Set(tasks.map((task) => taskFileName(task.id)));
  for (const name of readdirSync(dir).sort()) {
    if (wanted.has(name) || !name.endsWith('.md')) continue;
    const file = path.join(dir, name);
    if (!looksLikeTaskFile(readText(file) ?? '')) continue;
    rmSync(file, { force: true });
    result.removed.push(file);
  }
  for (const task of tasks) {
    const file = path.join(dir, taskFileName(task.id));
    const text = renderTaskFile(task);
    if (readText(file) === text) {
      result.unchanged++;
      continue;
    }
    // A reader (git, an editor) never sees half a file.
    try {
      writeFileDurable(file, text, { durable: durableFromEnv() });
    } catch (error) {
      throw ioError(file, error);
    }
    result.written.push(file);
  }
  return result;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function ioError(file: string, error: unknown): OrchestratorError {
  return new OrchestratorError(`Could not write ${file}: ${(error as Error).message}`, {
    code: 'IO',
    hint: 'Check that the folder is writable.',
    cause: error,
  });
}
