import { describe, expect, test } from 'vitest';
import { depthOf } from '../../src/core/metadata.js';
import { MAX_METADATA_CHARACTERS, MAX_METADATA_DEPTH } from '../../src/core/index.js';
import { mcpHarness } from '../helpers/mcp.js';
import { testService } from '../helpers/service.js';

const actor = 'cli:test';

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i++) value = { deeper: value };
  return value;
}

describe('task metadata as input', () => {
  test('depthOf counts objects and arrays without recursion and stops past the limit', () => {
    expect(depthOf('text', 5)).toBe(0);
    expect(depthOf({ a: [1, { b: 2 }] }, 5)).toBe(3);
    expect(depthOf(nested(100_000), 40)).toBe(41);
  });

  test(`is refused nested deeper than ${MAX_METADATA_DEPTH} levels or longer than ${MAX_METADATA_CHARACTERS} characters, without writing`, async () => {
    const { service, store } = testService();
    const task = await service.create({ id: 'a', title: 'A', metadata: nested(MAX_METADATA_DEPTH) }, actor);
    expect(depthOf(task.metadata, 100)).toBe(MAX_METADATA_DEPTH);
    const revision = (await store.read()).revision;

    // Deep enough to overflow the stack of JSON.stringify when the store is written.
    for (const metadata of [nested(MAX_METADATA_DEPTH + 1), nested(20_000)]) {
      await expect(service.create({ title: 'B', metadata }, actor)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/metadata: metadata may be nested at most 32 levels deep/),
      });
      await expect(service.update('a', { metadata }, actor)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    const big = { text: 'x'.repeat(MAX_METADATA_CHARACTERS) };
    await expect(service.create({ title: 'C', metadata: big }, actor)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/at most 100,000 characters/),
    });
    expect((await store.read()).revision).toBe(revision);
  });

  test('the MCP tools refuse it as a clear isError', async () => {
    const h = await mcpHarness();
    const refused = await h.fails('orchestrator_create_generic_task', { title: 'deep', metadata: nested(5_000) });
    expect(refused.text).toMatch(/metadata may be nested at most 32 levels deep/);
    await h.ok('orchestrator_create_generic_task', { title: 'fine', task_id: 'fine', metadata: nested(10) });
    const update = await h.fails('orchestrator_update_task', { task_id: 'fine', metadata: { big: 'x'.repeat(MAX_METADATA_CHARACTERS) } });
    expect(update.text).toMatch(/at most 100,000 characters/);
  });
});
