import type { Command } from 'commander';
import { resolveDataDirectory } from '../../core/data-dir.js';
import { resolveOrchestratorHome } from '../../store/data-dir.js';
import { templateFolders, type LoadTemplatesOptions, type TemplateFolder } from '../../templates/index.js';
import { processOutput, type Output } from '../../ui/output.js';
import { scopeFolders } from '../yaml-catalog.js';

/** Where templates (and the roles they name) are read from for one command. Reading them never opens the task store. */
export interface TemplatesContext {
  load: LoadTemplatesOptions;
  /** The folder of each scope (the project folder for both when they are the same folder). */
  folders: Record<TemplateFolder['source'], TemplateFolder>;
  out: Output;
  json: boolean;
  cwd: string;
}

export function templatesContext(command: Command): TemplatesContext {
  const options = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  const load = { dataDir: resolveDataDirectory({ flag: options.dataDir }).dir, home: resolveOrchestratorHome() };
  return {
    load,
    folders: scopeFolders(templateFolders(load)),
    out: processOutput(),
    json: Boolean(options.json),
    cwd: process.cwd(),
  };
}
