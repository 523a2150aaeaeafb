import type { Command } from 'commander';
import { roleFolders, type LoadRolesOptions, type RoleFolder } from '../../roles/index.js';
import { resolveDataDirectory } from '../../core/data-dir.js';
import { resolveOrchestratorHome } from '../../store/data-dir.js';
import { processOutput, type Output } from '../../ui/output.js';
import { scopeFolders } from '../yaml-catalog.js';

export type RoleScope = RoleFolder['source'];

/** Where roles are read from and written to for one command. Opening roles never touches the task store. */
export interface RolesContext {
  load: LoadRolesOptions;
  folders: Record<RoleScope, RoleFolder>;
  out: Output;
  json: boolean;
  cwd: string;
}

export function rolesContext(command: Command): RolesContext {
  const options = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  return {
    ...roleLocations({ dataDir: resolveDataDirectory({ flag: options.dataDir }).dir, home: resolveOrchestratorHome() }),
    out: processOutput(),
    json: Boolean(options.json),
    cwd: process.cwd(),
  };
}

export function roleLocations(load: LoadRolesOptions): Pick<RolesContext, 'load' | 'folders'> {
  return { load, folders: scopeFolders(roleFolders(load)) };
}
