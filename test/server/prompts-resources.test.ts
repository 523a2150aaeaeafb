import { describe, expect, test } from 'vitest';
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
    const { prompts } = await h.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual([
      'specialist-architect',
      'specialist-coordinator',
      'specialist-debugger',
      'specialist-documenter',
      'specialist-implementer',
      'specialist-researcher',
      'specialist-reviewer',
      'specialist-tester',
    ]);
    expect(prompts[0]!.arguments).toEqual([expect.objectContaining({ name: 'task_id', required: false })]);
    expect(prompts[0]!.description).toMatch(/Designs the structure/);
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
    await expect(h.client.getPrompt({ name: 'specialist-wizard' })).rejects.toThrow(/The prompts are specialist-architect/);
    await expect(h.client.getPrompt({ name: 'specialist-tester', arguments: { task_id: 'ghost' } })).rejects.toThrow(
      /No task with id "ghost"/,
    );
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
    expect(uris).toEqual(
      expect.arrayContaining(['orchestrator://tasks/t1', 'orchestrator://tasks/t2', 'orchestrator://tasks/t3', artifact.uri]),
    );
    expect(resources.find((resource) => resource.uri === artifact.uri)).toMatchObject({ mimeType: 'text/markdown' });

    const task = await h.client.readResource({ uri: 'orchestrator://tasks/t3' });
    const details = JSON.parse((task.contents[0] as { text: string }).text);
    expect(details.task).toMatchObject({ id: 't3', title: 'Build' });
    expect(details.dependencies.map((dependency: { id: string }) => dependency.id)).toEqual(['t2']);

    const read = await h.client.readResource({ uri: artifact.uri });
    expect(read.contents[0]).toMatchObject({ uri: artifact.uri, mimeType: 'text/markdown', text: '# The design\n\nDETAILS' });
  });

  test('reading what does not exist fails with a message, never with a file outside the data directory', async () => {
    const { h } = await planned();
    await expect(h.client.readResource({ uri: 'orchestrator://tasks/ghost' })).rejects.toThrow(/No task with id "ghost"/);
    await expect(h.client.readResource({ uri: 'orchestrator://artifacts/t2/aother' })).rejects.toThrow(/has no artifact "aother"/);
    await expect(h.client.readResource({ uri: 'orchestrator://artifacts/t2/..%2F..%2Fstore' })).rejects.toThrow(/has no artifact/);
    await expect(h.client.readResource({ uri: 'orchestrator://nothing/here' })).rejects.toThrow(/not found/);
  });
});
