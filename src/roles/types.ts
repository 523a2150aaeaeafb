/** Where a role definition came from. Project roles override user roles, which override built-in ones. */
export type RoleSource = 'built-in' | 'user' | 'project';

/** A specialist role: what the agent taking a task of this role is told about who it is and what to deliver. */
export interface Role {
  /** Lowercase letters, digits, "_" and "-". */
  name: string;
  /** One line, for lists. */
  description: string;
  /** Who the specialist is, in a paragraph. */
  roleDefinition: string;
  expertise: string[];
  /** How to go about a task, step by step. */
  approach: string[];
  /** What the result should look like. */
  outputFormat: string;
  source: RoleSource;
  /** The YAML file it was read from (custom roles). */
  file?: string;
  /** The line of that file where the role starts. */
  line?: number;
  /**
   * The name as written in a single-role file when it is not a valid role name itself ("Security Auditor" for
   * the role `security_auditor`).
   */
  displayName?: string;
  /** The definitions of the same name in lower layers that this one replaces, nearest first. */
  overrides?: RoleOrigin[];
}

/** Where one definition of a role lives. */
export interface RoleOrigin {
  source: RoleSource;
  file?: string;
  line?: number;
}

/** A role file that could not be read: reported with the file, the line when known, and what is wrong. */
export interface RoleProblem {
  file: string;
  line?: number;
  role?: string;
  message: string;
  /** The layer the file belongs to, when it was found by scanning a roles folder. */
  source?: RoleSource;
}

export interface RoleCatalog {
  /** Every role, sorted by name. */
  list(): Role[];
  get(name: string): Role | undefined;
  names(): string[];
  /** Files that failed to load; the other roles still work. */
  problems: RoleProblem[];
}
