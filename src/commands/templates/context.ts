import path from 'node:path';
import type { Command } from 'commander';
import { resolveDataDirectory } from '../../core/data-dir.js';
import { resolveOrchestratorHome } from '../../store/data-dir.js';
import type { LoadTemplatesOptions } from '../../templates/index.js';
import { processOutput, type Output } from '../../ui/output.js';

/** Where templates (and the roles they name) are read from for one command. Reading them never opens the task store. */
export interface TemplatesContext {
  load: LoadTemplatesOptions;
  projectDir: string;
  userDir: string;
  out: Output;
  json: boolean;
  cwd: string;
}

export function templatesContext(command: Command): TemplatesContext {
  const options = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  const load = { dataDir: resolveDataDirectory({ flag: options.dataDir }).dir, home: resolveOrchestratorHome() };
  return {
    load,
    projectDir: path.resolve(load.dataDir, 'templates'),
    userDir: path.resolve(load.home, 'templates'),
    out: processOutput(),
    json: Boolean(options.json),
    cwd: process.cwd(),
  };
}
