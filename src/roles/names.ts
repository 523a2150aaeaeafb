import { ROLE_NAME_PATTERN } from '../core/constants.js';

/** The same rule as the task field `role` (core's roleNameSchema), so every role can be given to a task. */
export { ROLE_NAME_PATTERN };

export const ROLE_NAME_RULE = 'role names are 1-64 lowercase letters, digits, "_" and "-", starting with a letter or digit';

export function isValidRoleName(name: string): boolean {
  return ROLE_NAME_PATTERN.test(name);
}

/**
 * The role name for a display name such as "Security Auditor" (→ `security_auditor`): lowercase, accents
 * dropped, every run of other characters turned into one "_". Undefined when nothing usable is left.
 */
export function toRoleName(text: string): string | undefined {
  const name = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 64)
    .replace(/[_-]+$/, '');
  return name === '' ? undefined : name;
}
