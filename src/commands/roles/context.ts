import path from 'node:path';
import type { Command } from 'commander';
import type { LoadRolesOptions, RoleFolder } from '../../roles/index.js';
import { resolveDataDirectory } from '../../core/data-dir.js';
import { resolveOrchestratorHome } from '../../store/data-dir.js';
import { processOutput, type Output } from '../../ui/output.js';

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
  return {
    load,
    folders: {
      project: { source: 'project', dir: path.resolve(load.dataDir, 'roles') },
      user: { source: 'user', dir: path.resolve(load.home, 'roles') },
    },
  };
}
