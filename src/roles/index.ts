export type { Role, RoleCatalog, RoleProblem, RoleSource } from './types.js';
export { BUILT_IN_ROLES } from './built-in.js';
export { builtInRoles, createCatalog, loadRoles, type LoadRolesOptions } from './catalog.js';
export { renderSpecialistContext, type SpecialistContext, type SpecialistContextInput } from './render.js';
