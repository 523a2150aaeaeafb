import { describe, expect, it } from 'vitest';
import { OrchestratorError } from '../../src/errors.js';
import { chooseMany, requireTerminal } from '../../src/ui/prompts.js';

describe('prompts without a terminal', () => {
  it('fail at once with the flag that answers the question', async () => {
    const ask = chooseMany('Which clients?', [{ value: 'cursor', name: 'Cursor' }], { flag: '--client ID or --yes', interactive: false });
    await expect(ask).rejects.toBeInstanceOf(OrchestratorError);
    await expect(ask).rejects.toMatchObject({ code: 'USAGE', hint: expect.stringContaining('--client ID or --yes') });
    expect(() => requireTerminal('Which clients?', { flag: '--yes', interactive: false })).toThrow(/no terminal/);
  });

  it('let the question through when there is one', () => {
    expect(() => requireTerminal('Which clients?', { flag: '--yes', interactive: true })).not.toThrow();
  });
});
