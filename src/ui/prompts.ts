import { OrchestratorError } from '../errors.js';

/** Whether a person can answer: both the keyboard and the screen are a terminal. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Asks a yes/no question on the terminal (on stderr, so stdout stays data). Without a terminal it throws an
 * error naming `flag`, the option that answers the question in advance.
 */
export async function confirm(message: string, options: { flag: string; default?: boolean }): Promise<boolean> {
  if (!canPrompt()) {
    throw new OrchestratorError(`${message} Cannot ask: this is not an interactive terminal.`, {
      code: 'USAGE',
      hint: `Pass ${options.flag} to confirm without a prompt.`,
    });
  }
  const { confirm: ask } = await import('@inquirer/prompts');
  try {
    return await ask({ message, default: options.default ?? false }, { output: process.stderr });
  } catch (error) {
    // Ctrl+C while the question is shown: a refusal, not a crash.
    if (error instanceof Error && error.name === 'ExitPromptError') return false;
    throw error;
  }
}
