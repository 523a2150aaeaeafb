import { ProtocolError } from '@modelcontextprotocol/client';
import { describe, expect, test } from 'vitest';
import { RESOURCE_PAGE_SIZE } from '../../src/server/resources.js';
import { mcpHarness } from '../helpers/mcp.js';

async function planned() {
  const h = await mcpHarness();
  await h.ok('orchestrator_plan_task', {
    description: 'Ship the feature',
    subtasks: [
      { title: 'Design', description: 'Design it', specialist_type: 'architect' },
      { title: 'Build', description: 'Build it', specialist_type: 'implementer', dependencies: ['Design'] },
    ],
  });
  await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
  const done = await h.ok('orchestrator_complete_subtask', {
    task_id: 't2',
    summary: 'Designed',
    detailed_work: '# The design\n\nDETAILS',
  });
  return { h, artifact: done.artifact as { id: string; uri: string } };
}

describe('role prompts', () => {
  test('every role is a prompt specialist-<name> with an optional task_id', async () => {
    const h = await mcpHarness();
    // The planning prompts (template-<name>, plan-from-document) follow; test/server/plan-tools.test.ts covers them.
    const prompts = (await h.client.listPrompts()).prompts.filter((prompt) => prompt.name.startsWith('specialist'));
    expect(prompts.map((prompt) => prompt.name)).toEqual([
      'specialist',
      'specialist-architect',
      'specialist-coordinator',
      'specialist-debugger',
      'specialist-documenter',
      'specialist-implementer',
      'specialist-researcher',
      'specialist-reviewer',
      'specialist-tester',
    ]);
    expect(prompts[1]!.arguments).toEqual([expect.objectContaining({ name: 'task_id', required: false })]);
    expect(prompts[1]!.description).toMatch(/Designs the structure/);
    expect(prompts[0]!.arguments).toEqual([
      expect.objectContaining({ name: 'role', required: true, description: expect.stringMatching(/architect, coordinator/) }),
      expect.objectContaining({ name: 'task_id', required: false }),
    ]);
  });

  test('the specialist prompt takes the role as an argument; completion offers role names and task ids', async () => {
    const { h } = await planned();
    const byArgument = await h.client.getPrompt({ name: 'specialist', arguments: { role: 'tester', task_id: 't3' } });
    const byName = await h.client.getPrompt({ name: 'specialist-tester', arguments: { task_id: 't3' } });
    expect(byArgument.messages).toEqual(byName.messages);
    await expect(h.client.getPrompt({ name: 'specialist', arguments: { role: 'wizard' } })).rejects.toThrow(/No role named "wizard"/);
    expect((await h.client.getServerCapabilities())?.completions).toEqual({});
    const roles = await h.client.complete({ ref: { type: 'ref/prompt', name: 'specialist' }, argument: { name: 'role', value: 'te' } });
    expect(roles.completion).toEqual({ values: ['tester'], total: 1, hasMore: false });
    const all = await h.client.complete({ ref: { type: 'ref/prompt', name: 'specialist' }, argument: { name: 'role', value: '' } });
    expect(all.completion.values).toContain('architect');
    // Unfinished tasks first; those of the role before the others.
    const ids = await h.client.complete({
      ref: { type: 'ref/prompt', name: 'specialist' },
      argument: { name: 'task_id', value: 't' },
      context: { arguments: { role: 'implementer' } },
    });
    expect(ids.completion.values).toEqual(['t3', 't1', 't2']);
    const byRolePrompt = await h.client.complete({
      ref: { type: 'ref/prompt', name: 'specialist-architect' },
      argument: { name: 'task_id', value: 'T2' },
    });
    expect(byRolePrompt.completion.values).toEqual(['t2']);
    const resource = await h.client.complete({
      ref: { type: 'ref/resource', uri: 'orchestrator://tasks/{id}' },
      argument: { name: 'id', value: 't3' },
    });
    expect(resource.completion.values).toEqual(['t3']);
  });

  test("without a task the prompt is the role; with task_id it is the task's specialist context", async () => {
    const { h } = await planned();
    const bare = await h.client.getPrompt({ name: 'specialist-reviewer' });
    const bareText = (bare.messages[0]!.content as { text: string }).text;
    expect(bare.messages[0]!.role).toBe('user');
    expect(bareText).toMatch(/^# Specialist: reviewer/);
    expect(bareText).toContain('## Expected output');

    const withTask = await h.client.getPrompt({ name: 'specialist-tester', arguments: { task_id: 't3' } });
    const text = (withTask.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/^# Specialist: tester/);
    expect(text).toContain('## Task t3: Build');
    expect(text).toContain('Designed');
    expect(text).not.toContain('DETAILS');
    expect(withTask.description).toBe('tester on t3: Build');
  });

  test('unknown prompts and tasks are protocol errors that say what exists', async () => {
    const h = await mcpHarness();
    await expect(h.client.getPrompt({ name: 'specialist-wizard' })).rejects.toThrow(/The prompts are specialist, specialist-architect/);
    await expect(h.client.getPrompt({ name: 'specialist-tester', arguments: { task_id: 'ghost' } })).rejects.toThrow(/No task with id "ghost"/);
    await expect(h.client.getPrompt({ name: 'specialist-tester', arguments: { task_id: '../x' } })).rejects.toThrow(/not a task id/);
  });
});

describe('resources', () => {
  test('tasks and artifacts are listed and readable; an artifact is read without a tool call', async () => {
    const { h, artifact } = await planned();
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual([
      'orchestrator://artifacts/{task_id}/{artifact_id}',
      'orchestrator://tasks/{id}',
    ]);
    const { resources } = await h.client.listResources();
    const uris = resources.map((resource) => resource.uri);
    expect(uris).toEqual(expect.arrayContaining(['orchestrator://tasks/t1', 'orchestrator://tasks/t2', 'orchestrator://tasks/t3', artifact.uri]));
    expect(resources.find((resource) => resource.uri === artifact.uri)).toMatchObject({ mimeType: 'text/markdown' });

    const task = await h.client.readResource({ uri: 'orchestrator://tasks/t3' });
    const details = JSON.parse((task.contents[0] as { text: string }).text);
    expect(details.task).toMatchObject({ id: 't3', title: 'Build' });
    expect(details.dependencies.map((dependency: { id: string }) => dependency.id)).toEqual(['t2']);

    const read = await h.client.readResource({ uri: artifact.uri });
    expect(read.contents[0]).toMatchObject({ uri: artifact.uri, mimeType: 'text/markdown', text: '# The design\n\nDETAILS' });
  });

  test('each task is listed under its own title; board, ready and workers are resources too', async () => {
    const { h } = await planned();
    const { resources } = await h.client.listResources();
    expect(resources.slice(0, 3).map((resource) => resource.uri)).toEqual(['orchestrator://board', 'orchestrator://ready', 'orchestrator://workers']);
    expect(resources.find((resource) => resource.uri === 'orchestrator://tasks/t3')).toMatchObject({
      name: 'task t3',
      title: 't3: Build',
      description: 'pending, implementer',
      mimeType: 'application/json',
    });
    const board = (await h.client.readResource({ uri: 'orchestrator://board' })).contents[0] as { text: string; mimeType: string };
    expect(board.mimeType).toBe('text/markdown');
    expect(board.text).toMatch(/^# Task board: 3 tasks/);
    expect(board.text).toContain('## Ready (1)\n\n- t3 [ready] (implementer) Build (normal)');
    expect(board.text).toContain('## Completed (most recent first) (1)\n\n- t2 [completed] (architect) Design — Designed');
    expect(board.text).toMatch(/## Plans in progress \(1\)\n\n- t1 "Ship the feature": 1\/2 completed/);
    const ready = JSON.parse(((await h.client.readResource({ uri: 'orchestrator://ready' })).contents[0] as { text: string }).text);
    expect(ready).toMatchObject({ next: { id: 't3' }, total: 1, tasks: [{ id: 't3', ready: true }] });
    const workers = JSON.parse(((await h.client.readResource({ uri: 'orchestrator://workers' })).contents[0] as { text: string }).text);
    expect(workers.workers).toHaveLength(1);
    expect(workers.slots).toMatchObject({ limit: 5 });
  });

  test('resources/list pages with a cursor through every task and artifact, none twice, none left out', async () => {
    const h = await mcpHarness();
    const count = RESOURCE_PAGE_SIZE * 3 + 17;
    for (let i = 0; i < count; i += 100) {
      await h.ok('orchestrator_plan_task', {
        description: `Batch ${i}`,
        subtasks: Array.from({ length: Math.min(100, count - i) }, (_, j) => ({
          title: `Task ${i + j}`,
          description: 'd',
          specialist_type: 'implementer',
        })),
      });
      h.clock.advance(1000);
    }
    await h.ok('orchestrator_execute_subtask', { task_id: 't2' });
    await h.ok('orchestrator_complete_subtask', { task_id: 't2', summary: 's', detailed_work: 'w' });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.request({ method: 'resources/list', params: cursor ? { cursor } : {} });
      expect(page.resources.length).toBeLessThanOrEqual(RESOURCE_PAGE_SIZE);
      seen.push(...page.resources.map((resource) => resource.uri));
      cursor = page.nextCursor;
      // A task created between two pages shows up on a later page, and moves nothing already listed.
      if (pages === 0) await h.ok('orchestrator_create_generic_task', { title: 'Latecomer' });
      pages++;
    } while (cursor && pages < 20);
    const plans = Math.ceil(count / 100);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(3 + plans + count + 1 + 1);
    expect(seen).toContain(`orchestrator://tasks/t${plans + count + 1}`);
    expect(seen.at(-1)).toMatch(/^orchestrator:\/\/artifacts\/t2\//);
    expect(pages).toBe(Math.ceil(seen.length / RESOURCE_PAGE_SIZE));
    await expect(h.client.request({ method: 'resources/list', params: { cursor: 'not-a-cursor' } })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(/Invalid cursor/),
    });
  });

  test('reading what does not exist is the resource-not-found error (-32602 with the uri), never a file outside the data directory', async () => {
    const { h } = await planned();
    const missing = async (uri: string, message: RegExp) => {
      const error = await h.client.readResource({ uri }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, uri).toBeInstanceOf(ProtocolError);
      expect(error, uri).toMatchObject({ code: -32602, data: { uri }, message: expect.stringMatching(message) });
    };
    await missing('orchestrator://tasks/ghost', /No task with id "ghost"/);
    await missing('orchestrator://tasks/..%2Fx', /not a task id/);
    await missing('orchestrator://artifacts/t2/aother', /has no artifact "aother"/);
    await missing('orchestrator://artifacts/t2/..%2F..%2Fstore', /has no artifact/);
    await missing('orchestrator://nothing/here', /Resource not found: orchestrator:\/\/nothing\/here/);
  });
});
