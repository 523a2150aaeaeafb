import { OrchestratorError } from '../errors.js';

// Every question the CLI asks goes through here. Without a terminal to ask on (CI, a pipe, an agent running
// the command), asking would hang or fail obscurely; instead the command stops at once and names the flag
// that answers the question.

export interface Choice<T> {
  value: T;
  name: string;
  checked?: boolean;
  description?: string;
}

export interface AskOptions {
  /** The flag(s) that answer this question without a prompt, e.g. "--client ID or --yes". */
  flag: string;
  /** Whether prompting is possible; default: stdin and stderr are terminals. */
  interactive?: boolean;
}

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Stops with the flag to pass when `question` could not be asked; call it before work that precedes a prompt. */
export function requireTerminal(question: string, options: AskOptions): void {
  if (!(options.interactive ?? canPrompt())) throw noTerminal(question, options.flag);
}

/** A checkbox list; returns the values picked (possibly none). */
export async function chooseMany<T>(message: string, choices: readonly Choice<T>[], options: AskOptions): Promise<T[]> {
  requireTerminal(message, options);
  const { checkbox } = await import('@inquirer/prompts');
  try {
    // Prompts draw on stderr: stdout carries only the command's result.
    return await checkbox({ message, choices: choices.map((choice) => ({ ...choice })), pageSize: 12 }, { output: process.stderr });
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') {
      throw new OrchestratorError('Cancelled: nothing was changed.', { code: 'INVALID_INPUT' });
    }
    throw error;
  }
}

function noTerminal(question: string, flag: string): OrchestratorError {
  return new OrchestratorError(`There is no terminal to ask "${question}" on.`, {
    code: 'USAGE',
    hint: `Pass ${flag} to answer it on the command line.`,
  });
}
