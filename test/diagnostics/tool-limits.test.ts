import { describe, expect, test } from 'vitest';
import { CLOSE_SHARE, TOOL_LIMITS, toolBudget } from '../../src/diagnostics/clients/tool-limits.js';

const cursor = TOOL_LIMITS.cursor!;

describe('tool counts against client limits', () => {
  test('the limits of the clients that have one', () => {
    expect(Object.fromEntries(Object.entries(TOOL_LIMITS).map(([id, limit]) => [id, limit.limit]))).toEqual({
      cursor: 40,
      windsurf: 100,
      vscode: 128,
    });
  });

  test('well under the limit is ok, and says that only our server was counted', () => {
    const budget = toolBudget(18, cursor, 'task-orchestrator', 2);
    expect(budget.status).toBe('ok');
    expect(budget.message).toBe('18 of 40 tools (counts only task-orchestrator; 2 other servers in this file add theirs)');
    expect(budget.fix).toBeUndefined();
    expect(toolBudget(18, cursor, 'task-orchestrator', 0).message).toContain('no other server in this file');
    expect(toolBudget(18, cursor, 'task-orchestrator', 1).message).toContain('1 other server in this file adds theirs');
  });

  test('close to the limit warns; the boundary is a share of the limit', () => {
    const edge = Math.floor(cursor.limit * CLOSE_SHARE);
    expect(toolBudget(edge, cursor, 'x', 0).status).toBe('ok');
    const close = toolBudget(edge + 1, cursor, 'x', 0);
    expect(close.status).toBe('warn');
    expect(close.message).toMatch(/^31 of 40 tools, close to the limit before any other server: Cursor passes only the first 40/);
    expect(close.fix).toContain('ORCHESTRATOR_TOOLSETS');
    expect(toolBudget(cursor.limit, cursor, 'x', 0).status).toBe('warn');
  });

  test('over the limit warns and names the limit', () => {
    const over = toolBudget(129, TOOL_LIMITS.vscode!, 'task-orchestrator', 0);
    expect(over.status).toBe('warn');
    expect(over.message).toMatch(/^129 tools, over the limit of 128: VS Code sends at most 128 tools/);
    expect(toolBudget(101, TOOL_LIMITS.windsurf!, 'x', 0).message).toMatch(/over the limit of 100/);
  });
});
