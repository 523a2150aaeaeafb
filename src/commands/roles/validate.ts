import { dedupeLayer, readRoleLayers } from '../../roles/index.js';
import { listRoleFiles, readRoleFile } from '../../roles/role-files.js';
import { readForValidation, summariseValidation } from '../yaml-catalog.js';
import type { RolesContext } from './context.js';

/**
 * Checks the named files, or every role file of the project and user folders. Duplicate role names within one
 * folder (or among the named files of one folder) are problems too, as they are when roles are loaded.
 */
export async function runRolesValidate(files: readonly string[], ctx: Pick<RolesContext, 'load' | 'folders' | 'cwd'>) {
  const read = await readForValidation(files, ctx, {
    readLayers: () => readRoleLayers(ctx.load),
    listFiles: listRoleFiles,
    readFile: readRoleFile,
    dedupe: dedupeLayer,
  });
  return summariseValidation(read, (file) => ({ format: file.format, roles: file.roles.map((role) => role.name) }));
}

export type ValidateResult = Awaited<ReturnType<typeof runRolesValidate>>;
