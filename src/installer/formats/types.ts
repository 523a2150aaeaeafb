// A config file format, as the installer uses it: read the servers of one section, add or replace one entry,
// remove one entry. Every format edits by splicing text, so that removing what was added gives back the bytes
// that were there, and parses with a maintained library only to validate and to find.

/** json: JSON with comments (jsonc-parser); toml (smol-toml); yaml: a mapping of entries; yaml-list: a list of
 * entries, each named by its `name` field (the `yaml` library). */
export type FormatId = 'json' | 'toml' | 'yaml' | 'yaml-list';

/**
 * What an install created, so that uninstall removes no more and no less. Kept in the backup manifest of the
 * run that wrote the entry (see backups.ts).
 */
export interface Creation {
  /** Index into [...section, name] of the first key the install added (section.length: only our entry). */
  depth: number;
  /** The file did not exist. */
  file: boolean;
  /** The exact text of the empty container we added to (`{}` vs `{\n  }` in JSON, `[]` or `{}` in YAML). */
  emptyInner?: string;
  /** The text of a file that held only white space. */
  blankText?: string;
}

export type SetOutcome =
  | { change: 'added'; text: string; creation: Creation }
  | { change: 'updated'; text: string; previous: unknown }
  | { change: 'unchanged'; text: string };

export type DeleteOutcome = { change: 'removed'; text: string | null; previous: unknown } | { change: 'absent' };

export interface DocumentFormat {
  /**
   * Every entry of the section by name (`text` without a byte order mark, null for a missing file); undefined when
   * there is no such section. Throws ConfigParseError for a file that does not parse or a section that is not a
   * collection of entries.
   */
  servers(text: string | null, section: readonly string[]): Record<string, unknown> | undefined;
  /**
   * Adds or replaces `name` in the section, creating it when missing. `isCurrent` says whether an existing entry
   * is already what we want. Throws ConfigParseError when the file, or the way it is written, cannot be edited
   * safely.
   */
  set(
    text: string | null,
    section: readonly string[],
    name: string,
    entry: Record<string, unknown>,
    isCurrent: (existing: unknown) => boolean,
  ): SetOutcome;
  /**
   * Removes `name` from the section. With the Creation recorded by the install that added it, also removes what
   * that install created once it is empty again, and gives back the exact text it replaced.
   */
  remove(text: string | null, section: readonly string[], name: string, creation: Creation | null): DeleteOutcome;
}
