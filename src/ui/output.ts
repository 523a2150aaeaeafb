/**
 * Everything the terminal face prints goes through here. Data goes to stdout; with --json, stdout holds exactly
 * one JSON document and nothing else.
 */
export interface Output {
  /** One or more lines of text for people. */
  line(text?: string): void;
  /** The machine-readable result of a --json command. */
  json(value: unknown): void;
  /** Messages about the run (warnings, progress): stderr, so they never mix with data. */
  note(text: string): void;
  /**
   * The width of the terminal stdout is. Not a terminal (a pipe, a file): COLUMNS when it is set, otherwise
   * undefined, since a pipe or a file takes any width.
   */
  readonly columns: number | undefined;
}

export function processOutput(): Output {
  return {
    line: (text = '') => void process.stdout.write(`${text}\n`),
    json: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    note: (text) => void process.stderr.write(`${text}\n`),
    get columns() {
      if (process.stdout.isTTY) return process.stdout.columns;
      const set = Number(process.env.COLUMNS);
      return Number.isInteger(set) && set > 0 ? set : undefined;
    },
  };
}
