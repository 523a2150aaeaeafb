import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openTaskService, type OpenedTaskService } from '../core/index.js';
import { afterCommand } from './after-command.js';
import { OrchestratorError } from '../errors.js';
import { resolveOrchestratorHome } from '../store/index.js';
import { processOutput, type Output } from '../ui/output.js';

export interface CommandContext extends OpenedTaskService {
  out: Output;
  json: boolean;
}

/**
 * Opens the task service for the data directory chosen by the global options. `reads` commands never create
 * anything, so a data directory named with --data-dir or ORCHESTRATOR_DATA_DIR that does not exist is an error
 * for them rather than an empty list; a command that `writes` may create it, and says where (see
 * announceNewStore); `creates` is for `init`, which creates it on purpose and says so itself.
 */
export function commandContext(
  command: Command,
  access: 'reads' | 'writes' | 'creates' = 'reads',
  chosen?: { dir: string; reason: string },
): CommandContext {
  const options = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  const home = resolveOrchestratorHome();
  let dataDir = '';
  // Role files are read only when a change names a role.
  const roles = async () => (await import('../roles/index.js')).loadRoles({ dataDir, home });
  const found = openTaskService({ dataDir: chosen?.dir ?? options.dataDir, roles });
  const opened = chosen ? { ...found, dataDir: { ...found.dataDir, reason: chosen.reason } } : found;
  dataDir = opened.paths.dir;
  const files = opened.service.store.backend === 'file';
  // With a database for the tasks, the data directory only holds the project's roles: it need not exist.
  if (files) checkDataDir(opened, access);
  const out = processOutput();
  if (files && access === 'writes' && !existsSync(opened.paths.store)) afterCommand(() => announceNewStore(opened, out));
  return { ...opened, out, json: Boolean(options.json) };
}

function checkDataDir({ dataDir }: OpenedTaskService, access: 'reads' | 'writes' | 'creates'): void {
  const named = dataDir.source === 'flag' || dataDir.source === 'env';
  const by = dataDir.source === 'flag' ? '--data-dir' : 'ORCHESTRATOR_DATA_DIR';
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(dataDir.dir).isDirectory();
  } catch {
    isDirectory = undefined;
  }
  if (isDirectory === false) {
    throw new OrchestratorError(`The data directory ${dataDir.dir} (${dataDir.reason}) is a file, not a folder.`, {
      code: 'USAGE',
      hint: named ? `Point ${by} at a folder, or leave it out to use the project's .task_orchestrator.` : 'Move the file away.',
      details: { dataDir: dataDir.dir },
    });
  }
  if (isDirectory === undefined && named && access === 'reads') {
    throw new OrchestratorError(`The data directory ${dataDir.dir} (${dataDir.reason}) does not exist.`, {
      code: 'NOT_FOUND',
      hint: `Check the path, or create it with \`orchestrator init --data-dir ${dataDir.dir}\`.`,
      details: { dataDir: dataDir.dir },
    });
  }
}

/**
 * Says on stderr where a store was created by a command that was not `orchestrator init`: a person who added a
 * first task should not have to wonder which folder now holds it. Said once, since afterwards the store exists.
 */
function announceNewStore(opened: OpenedTaskService, out: Output): void {
  if (!existsSync(opened.paths.store)) return;
  out.note(`Created a task store in ${opened.paths.dir} (${opened.dataDir.reason}); \`orchestrator init\` says whether to commit it.`);
}

/** The worker id a person at the terminal works under unless they pass --worker. */
export function defaultWorker(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME;
  }
  return `cli:${(name ?? 'user').replace(/\s+/g, '_')}`;
}
