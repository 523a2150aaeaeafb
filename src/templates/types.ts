import type { Priority } from '../core/schemas.js';
import type { RoleSource } from '../roles/index.js';

/** Where a template came from. Project templates override user templates, which override built-in ones. */
export type TemplateSource = RoleSource;

/** A value a template asks for when it is applied (`--param name=value`). */
export interface TemplateParameter {
  name: string;
  description: string;
  /** Absent: the parameter must be given. */
  default?: string;
  line?: number;
}

/** One subtask a template creates. Text fields may hold `{{parameter}}` placeholders. */
export interface TemplateSubtask {
  /** Names the subtask inside the template: other subtasks depend on it by this key. */
  key: string;
  title: string;
  description: string;
  role: string | null;
  priority: Priority | null;
  effort: string | null;
  complexity: string | null;
  dependsOn: string[];
  tags: string[];
  line?: number;
  /** The line of `role:`, for problems about the role. */
  roleLine?: number;
}

/** A reusable plan: a parent task and its subtasks, with the dependencies, roles and priorities between them. */
export interface Template {
  /** Lowercase letters, digits, "_" and "-", like role names. */
  name: string;
  /** One line, for lists. */
  description: string;
  parameters: TemplateParameter[];
  plan: {
    title: string;
    description: string;
    context: string | null;
    priority: Priority | null;
    tags: string[];
  };
  subtasks: TemplateSubtask[];
  source: TemplateSource;
  file?: string;
  line?: number;
  /** The definitions of the same name in lower layers that this one replaces, nearest first. */
  overrides?: Array<{ source: TemplateSource; file?: string; line?: number }>;
}

/** A problem with a template file: the file, the line when known, and what is wrong. */
export interface TemplateProblem {
  file: string;
  line?: number;
  template?: string;
  message: string;
  source?: TemplateSource;
}

export interface TemplateCatalog {
  /** Every template, sorted by name. */
  list(): Template[];
  get(name: string): Template | undefined;
  names(): string[];
  /** Files that failed to load; the other templates still work. */
  problems: TemplateProblem[];
}
