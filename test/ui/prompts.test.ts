import { describe, expect, test } from 'vitest';
import { OrchestratorError } from '../../src/errors.js';
import { createPrompter, type PromptFunctions } from '../../src/ui/prompts.js';

describe('the prompts wrapper', () => {
  test('without a terminal it asks nothing and names the flags to pass instead', async () => {
    let asked = 0;
    const functions: PromptFunctions = {
      input: async () => (asked++, 'x'),
      confirm: async () => (asked++, true),
      checkbox: async () => (asked++, []),
    };
    const prompter = createPrompter({ flags: ['--definition <text>', '--output-format <text>'], interactive: false, functions });
    expect(prompter.interactive).toBe(false);
    const error = await prompter.input({ message: 'Definition?' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OrchestratorError);
    expect(error).toMatchObject({ code: 'USAGE', hint: 'Pass --definition <text>, --output-format <text> instead.' });
    await expect(prompter.confirm({ message: 'Sure?' })).rejects.toMatchObject({ code: 'USAGE' });
    expect(asked).toBe(0);
  });

  test('in a terminal it asks through the given functions and draws on stderr', async () => {
    const seen: Array<{ message: string; output: unknown }> = [];
    const functions: PromptFunctions = {
      input: async (question, context) => (seen.push({ message: question.message, output: context?.output }), 'answer'),
      confirm: async (question, context) => (seen.push({ message: question.message, output: context?.output }), false),
      checkbox: async () => [],
    };
    const prompter = createPrompter({ flags: [], interactive: true, functions });
    expect(await prompter.input({ message: 'Name?' })).toBe('answer');
    expect(await prompter.confirm({ message: 'Keep?' })).toBe(false);
    expect(seen).toEqual([
      { message: 'Name?', output: process.stderr },
      { message: 'Keep?', output: process.stderr },
    ]);
  });

  test('Ctrl+C in a prompt becomes a clean "cancelled" error, other errors pass through', async () => {
    const exit = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    const cancelled = createPrompter({
      flags: [],
      interactive: true,
      functions: { input: async () => Promise.reject(exit), confirm: async () => true, checkbox: async () => [] },
    });
    await expect(cancelled.input({ message: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'Cancelled; nothing was changed.' });
    const boom = new TypeError('boom');
    const broken = createPrompter({
      flags: [],
      interactive: true,
      functions: { input: async () => Promise.reject(boom), confirm: async () => true, checkbox: async () => [] },
    });
    await expect(broken.input({ message: 'x' })).rejects.toBe(boom);
  });
});

describe('checkbox questions without a terminal', () => {
  test('fail at once with the flags that answer the question', async () => {
    const { chooseMany, requireTerminal } = await import('../../src/ui/prompts.js');
    const ask = chooseMany('Which clients?', [{ value: 'cursor', name: 'Cursor' }], { flags: ['--client ID', '--yes'], interactive: false });
    await expect(ask).rejects.toMatchObject({ code: 'USAGE', hint: 'Pass --client ID, --yes instead.' });
    expect(() => requireTerminal(['--yes'], false)).toThrow(/no terminal/);
    expect(() => requireTerminal(['--yes'], true)).not.toThrow();
  });

  test('with a terminal, the picked values come back', async () => {
    const { createPrompter } = await import('../../src/ui/prompts.js');
    const prompter = createPrompter({
      flags: ['--yes'],
      interactive: true,
      functions: {
        input: async () => '',
        confirm: async () => true,
        checkbox: async <T>(question: { choices: Array<{ value: T; checked?: boolean }> }) =>
          question.choices.filter((choice) => choice.checked).map((choice) => choice.value),
      },
    });
    expect(
      await prompter.checkbox({
        message: 'pick',
        choices: [
          { value: 'a', name: 'A', checked: true },
          { value: 'b', name: 'B' },
        ],
      }),
    ).toEqual(['a']);
  });
});
