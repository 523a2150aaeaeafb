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
}

/** A role file that could not be read: reported with the file, the line when known, and what is wrong. */
export interface RoleProblem {
  file: string;
  line?: number;
  role?: string;
  message: string;
}

export interface RoleCatalog {
  /** Every role, sorted by name. */
  list(): Role[];
  get(name: string): Role | undefined;
  names(): string[];
  /** Files that failed to load; the other roles still work. */
  problems: RoleProblem[];
}
