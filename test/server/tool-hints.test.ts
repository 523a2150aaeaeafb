import { describe, expect, test } from 'vitest';
import { inToolTerms } from '../../src/server/tool.js';

// The core's hints are written for the terminal; a tool is offered only the arguments it declares.

describe('hints in tool terms', () => {
  const holder = 'Only the worker holding a task may complete it. Pass the right worker id (--worker), or pass --force.';

  test('flags become the arguments the tool takes', () => {
    expect(inToolTerms(holder, new Set(['task_id', 'worker_id', 'force']))).toBe(
      'Only the worker holding a task may complete it. Pass the right worker id (worker_id), or pass force: true.',
    );
    expect(inToolTerms('Pass --parent with the plan that holds the copy to update, or delete one of them.', new Set())).toBe(
      'Pass parent_id with the plan that holds the copy to update, or delete one of them.',
    );
  });

  test('an option the tool does not take is left out, with its clause', () => {
    expect(inToolTerms(holder, new Set(['task_id', 'worker_id']))).toBe(
      'Only the worker holding a task may complete it. Pass the right worker id (worker_id).',
    );
    expect(inToolTerms('Add the task without a parent or to another plan, or pass --reopen to reopen the plan.', new Set(['parent_id']))).toBe(
      'Add the task without a parent or to another plan.',
    );
    expect(inToolTerms('Pass --force to take the task back anyway.', new Set())).toBe('');
  });
});
