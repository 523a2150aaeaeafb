export type { Role, RoleCatalog, RoleOrigin, RoleProblem, RoleSource } from './types.js';
export { BUILT_IN_ROLES } from './built-in.js';
export {
  builtInRoles,
  createCatalog,
  dedupeLayer,
  loadRoles,
  readRoleLayers,
  roleFolders,
  type LoadRolesOptions,
  type RoleFolder,
  type RoleLayers,
} from './catalog.js';
export { isValidRoleName, ROLE_NAME_PATTERN, ROLE_NAME_RULE, toRoleName } from './names.js';
export { RESULT_EXCERPT_CHARS, renderRole, renderSpecialistContext, type SpecialistContext, type SpecialistContextInput } from './render.js';
// Parsing and editing role files (parse-file.ts, role-writes.ts) load the YAML parser; they are imported
// directly by the code that needs them, so importing this module stays cheap.
