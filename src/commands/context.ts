import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openTaskService, type OpenedTaskService } from '../core/index.js';
import { processOutput, type Output } from '../ui/output.js';

export interface CommandContext extends OpenedTaskService {
  out: Output;
  json: boolean;
}

/** Opens the task service for the data directory chosen by the global options. */
export function commandContext(command: Command): CommandContext {
  const options = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  return { ...openTaskService({ dataDir: options.dataDir }), out: processOutput(), json: Boolean(options.json) };
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
