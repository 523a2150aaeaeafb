import path from 'node:path';
import { byFileAndLine } from '../errors.js';
import { BUILT_IN_ROLES } from './built-in.js';
import type { ParsedRoleFile } from './parse-file.js';
import { readRoleFolder } from './role-files.js';
import type { Role, RoleCatalog, RoleOrigin, RoleProblem, RoleSource } from './types.js';

/**
 * A catalog over the given roles; a later role with the same name replaces an earlier one as a whole (and
 * records the one it replaced in `overrides`). Roles of other names are untouched, so one custom file never
 * hides the other built-in roles.
 */
export function createCatalog(layers: ReadonlyArray<readonly Role[]>, problems: RoleProblem[] = []): RoleCatalog {
  const byName = new Map<string, Role>();
  for (const layer of layers) {
    for (const role of layer) {
      const replaced = byName.get(role.name);
      byName.set(role.name, replaced ? { ...role, overrides: [originOf(replaced), ...(replaced.overrides ?? [])] } : role);
    }
  }
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    list: () => [...sorted],
    // A role is named the way its tasks take it: "Tester" and " tester " are the tester role.
    get: (name) => byName.get(name.trim().toLowerCase()),
    names: () => sorted.map((role) => role.name),
    problems,
  };
}

function originOf(role: Role): RoleOrigin {
  return { source: role.source, ...(role.file !== undefined && { file: role.file }), ...(role.line !== undefined && { line: role.line }) };
}

export function builtInRoles(): Role[] {
  return BUILT_IN_ROLES.map((role) => ({ ...role, expertise: [...role.expertise], approach: [...role.approach], source: 'built-in' }));
}

export interface LoadRolesOptions {
  /** The data directory: project roles live in `<dataDir>/roles/*.yaml`. */
  dataDir: string;
  /** ORCHESTRATOR_HOME: user roles live in `<home>/roles/*.yaml`. */
  home: string;
}

/** A folder of custom roles and the layer it belongs to. */
export interface RoleFolder {
  source: Exclude<RoleSource, 'built-in'>;
  dir: string;
}

/**
 * The folders to read, lowest precedence first. When the data directory is ORCHESTRATOR_HOME itself (no
 * project was found), its roles are read once, as project roles: they are the roles of the store in use.
 */
export function roleFolders(options: LoadRolesOptions): RoleFolder[] {
  const user = path.resolve(options.home, 'roles');
  const project = path.resolve(options.dataDir, 'roles');
  return user === project
    ? [{ source: 'project', dir: project }]
    : [
        { source: 'user', dir: user },
        { source: 'project', dir: project },
      ];
}

/** The result of reading every role file of every layer, before the layers are merged. */
export interface RoleLayers {
  folders: RoleFolder[];
  files: ParsedRoleFile[];
  layers: Role[][];
  problems: RoleProblem[];
}

/** Reads the user and project folders. Never throws for a bad file: it becomes a problem. */
export async function readRoleLayers(options: LoadRolesOptions): Promise<RoleLayers> {
  const folders = roleFolders(options);
  const read = await Promise.all(folders.map((folder) => readRoleFolder(folder.dir, folder.source)));
  const layers: Role[][] = [builtInRoles()];
  const problems: RoleProblem[] = [];
  const files: ParsedRoleFile[] = [];
  for (const folder of read) {
    problems.push(...folder.problems);
    const layer = dedupeLayer(folder.files, problems);
    layers.push(layer);
    for (const file of folder.files) {
      files.push(file);
      problems.push(...file.problems);
    }
  }
  problems.sort(byFileAndLine);
  return { folders, files, layers, problems };
}

/** The roles available for a data directory: built-in, then user, then project (later layers win per role). */
export async function loadRoles(options: LoadRolesOptions): Promise<RoleCatalog> {
  const { layers, problems } = await readRoleLayers(options);
  return createCatalog(layers, problems);
}

/**
 * Two files of one folder defining the same role is a mistake, not an override: the first file by name keeps
 * it (so the result does not depend on the order the disk lists files in) and the other is reported.
 */
export function dedupeLayer(files: readonly ParsedRoleFile[], problems: RoleProblem[]): Role[] {
  const kept = new Map<string, Role>();
  for (const file of files) {
    for (const role of file.roles) {
      const first = kept.get(role.name);
      if (!first) {
        kept.set(role.name, role);
        continue;
      }
      problems.push({
        file: role.file ?? file.file,
        ...(role.line !== undefined && { line: role.line }),
        role: role.name,
        message: `role "${role.name}" is already defined in ${first.file}${first.line ? `:${first.line}` : ''}; that definition is used and this one is ignored`,
        source: role.source,
      });
    }
  }
  return [...kept.values()];
}
