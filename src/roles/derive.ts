// Parts a role file may leave out, filled in the same way everywhere (loading, `roles add`, docs).

/** The output format of a single-role file that names none. */
export const DEFAULT_OUTPUT_FORMAT =
  'A report of the work: what you did and why, the files or artifacts you produced, how you checked the ' +
  'result, and any open questions or follow-up work.';

const MAX_DESCRIPTION = 120;

/** A one-line description from a role definition: its first sentence, cut to fit a list. */
export function describeFromDefinition(definition: string): string {
  const flat = definition.replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  const text = sentence.replace(/\.$/, '');
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
}

/** A role definition for a single-role file that has only a name and a description. */
export function definitionFromDescription(displayName: string, description: string): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  // "Specialized in ..." reads on after a colon in lower case, but "OWASP expert" keeps its capitals.
  const lowered = /^[A-Z][a-z]/.test(flat) ? flat[0]!.toLowerCase() + flat.slice(1) : flat;
  const ending = /[.!?]$/.test(lowered) ? '' : '.';
  return `You are the ${displayName}: ${lowered}${ending}`;
}
