import { OrchestratorError } from '../errors.js';

// Every question the terminal face asks goes through here. Without a terminal to ask on (CI, a pipe, an agent
// running the command) asking would hang or fail obscurely, so the command stops at once and names the flags
// that give the answers instead. Prompts are drawn on stderr: stdout holds data.

export interface InputQuestion {
  message: string;
  default?: string;
  /** true when the answer is acceptable, otherwise the message to show. */
  validate?: (value: string) => true | string;
}

export interface ConfirmQuestion {
  message: string;
  default?: boolean;
}

export interface Choice<T> {
  value: T;
  name: string;
  checked?: boolean;
  description?: string;
}

export interface CheckboxQuestion<T> {
  message: string;
  choices: readonly Choice<T>[];
  pageSize?: number;
}

type Context = { output?: NodeJS.WritableStream };

/** The subset of @inquirer/prompts the commands use; tests pass their own. */
export interface PromptFunctions {
  input(question: InputQuestion, context?: Context): Promise<string>;
  confirm(question: ConfirmQuestion, context?: Context): Promise<boolean>;
  checkbox<T>(question: { message: string; choices: Choice<T>[]; pageSize?: number }, context?: Context): Promise<T[]>;
}

export interface Prompter {
  readonly interactive: boolean;
  input(question: InputQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  checkbox<T>(question: CheckboxQuestion<T>): Promise<T[]>;
}

export interface PrompterOptions {
  /** The flags that answer the questions without a terminal, named in the error (e.g. ["--definition <text>"]). */
  flags: readonly string[];
  /** Whether a person can answer: defaults to `canPrompt()`. */
  interactive?: boolean;
  /** Defaults to @inquirer/prompts, loaded on the first question. */
  functions?: PromptFunctions;
}

/** Whether a person can answer: the keyboard and the screen prompts are drawn on are both terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export function createPrompter(options: PrompterOptions): Prompter {
  const interactive = options.interactive ?? canPrompt();
  let functions = options.functions;
  const ask = async <T>(call: (fns: PromptFunctions) => Promise<T>): Promise<T> => {
    if (!interactive) throw noTerminal(options.flags);
    functions ??= (await import('@inquirer/prompts')) as unknown as PromptFunctions;
    try {
      return await call(functions);
    } catch (error) {
      // Ctrl+C or Ctrl+D inside a prompt.
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        throw new OrchestratorError('Cancelled; nothing was changed.', { code: 'INVALID_INPUT', cause: error });
      }
      throw error;
    }
  };
  const output = { output: process.stderr };
  return {
    interactive,
    input: (question) => ask((fns) => fns.input(question, output)),
    confirm: (question) => ask((fns) => fns.confirm(question, output)),
    checkbox: (question) =>
      ask((fns) =>
        fns.checkbox({ ...question, choices: question.choices.map((choice) => ({ ...choice })), pageSize: question.pageSize ?? 12 }, output),
      ),
  };
}

/** The error for a question that cannot be asked: it names the flags that answer it. */
export function noTerminal(flags: readonly string[]): OrchestratorError {
  return new OrchestratorError('This command needs answers, and there is no terminal to ask them on (stdin is not a TTY).', {
    code: 'USAGE',
    hint: `Pass ${flags.join(', ')} instead.`,
    details: { flags: [...flags] },
  });
}

/** Stops with the flags to pass when a later question could not be asked; call it before work that precedes it. */
export function requireTerminal(flags: readonly string[], interactive = canPrompt()): void {
  if (!interactive) throw noTerminal(flags);
}

/** A yes/no question that `flag` (such as `--yes`) answers in advance when there is no terminal to ask on. */
export function confirm(message: string, options: { flag: string; default?: boolean }): Promise<boolean> {
  return createPrompter({ flags: [options.flag] }).confirm({ message, default: options.default ?? false });
}

/** A checkbox list; returns the values picked (possibly none). */
export function chooseMany<T>(
  message: string,
  choices: readonly Choice<T>[],
  options: { flags: readonly string[]; interactive?: boolean },
): Promise<T[]> {
  return createPrompter(options).checkbox({ message, choices });
}
