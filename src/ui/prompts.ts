import { OrchestratorError } from '../errors.js';

// Every question the terminal face asks goes through here. Without a terminal on stdin nothing can be asked, so
// the command fails with the flags that give the answers instead. Prompts are drawn on stderr: stdout holds data.

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

/** The subset of @inquirer/prompts the commands use; tests pass their own. */
export interface PromptFunctions {
  input(question: InputQuestion, context?: { output?: NodeJS.WritableStream }): Promise<string>;
  confirm(question: ConfirmQuestion, context?: { output?: NodeJS.WritableStream }): Promise<boolean>;
}

export interface Prompter {
  readonly interactive: boolean;
  input(question: InputQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
}

export interface PrompterOptions {
  /** The flags that answer the questions without a terminal, named in the error (e.g. ["--definition <text>"]). */
  flags: readonly string[];
  /** Whether a person can answer: defaults to stdin being a terminal. */
  interactive?: boolean;
  /** Defaults to @inquirer/prompts, loaded on the first question. */
  functions?: PromptFunctions;
}

export function stdinIsInteractive(): boolean {
  return Boolean(process.stdin.isTTY);
}

export function createPrompter(options: PrompterOptions): Prompter {
  const interactive = options.interactive ?? stdinIsInteractive();
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
  return {
    interactive,
    input: (question) => ask((fns) => fns.input(question, { output: process.stderr })),
    confirm: (question) => ask((fns) => fns.confirm(question, { output: process.stderr })),
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

/** A yes/no question that `flag` (such as `--yes`) answers in advance when there is no terminal to ask on. */
export function confirm(message: string, options: { flag: string; default?: boolean }): Promise<boolean> {
  return createPrompter({ flags: [options.flag] }).confirm({ message, default: options.default ?? false });
}
