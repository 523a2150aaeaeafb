#!/usr/bin/env node
// A short run of the main job: an agent drives `orchestrator serve` over MCP, the way an MCP client does.
// It plans a small project, claims each ready subtask with its specialist context, submits the work, and asks
// for the synthesis; then the terminal shows the same store. Everything happens in a temporary directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const bin = fileURLToPath(new URL('../bin/orchestrator.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'orchestrator-demo-'));
const dataDir = path.join(dir, '.task_orchestrator');
const env = { ...process.env, ORCHESTRATOR_HOME: path.join(dir, 'home'), ORCHESTRATOR_DATA_DIR: dataDir };
const step = (text) => console.log(`\n\x1b[1m▸ ${text}\x1b[0m`);

const client = new Client({ name: 'demo-agent', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'serve'], env, stderr: 'ignore' }));
const call = async (name, args = {}) => {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${result.content.map((part) => part.text).join('\n')}`);
  return result.structuredContent;
};

try {
  step('orchestrator_initialize_session');
  const session = await call('orchestrator_initialize_session');
  console.log(
    `  data directory ${session.dataDir ?? dataDir}; ${session.roles.length} specialist roles: ${session.roles.map((role) => role.name).join(', ')}`,
  );

  step('orchestrator_plan_task');
  const plan = await call('orchestrator_plan_task', {
    description: 'A command-line tool that counts words in files',
    subtasks: [
      { title: 'Design the CLI', description: 'Options, output format, errors', specialist_type: 'architect' },
      {
        title: 'Implement it',
        description: 'Read files, count words, print a table',
        specialist_type: 'implementer',
        dependencies: ['Design the CLI'],
      },
      { title: 'Test it', description: 'Empty files, unicode, missing files', specialist_type: 'tester', dependencies: ['Implement it'] },
      { title: 'Document it', description: 'README with examples', specialist_type: 'documenter', dependencies: ['Design the CLI'] },
    ],
  });
  console.log(`  plan ${plan.planId}, subtasks in dependency order: ${plan.order.join(' → ')}`);

  step('orchestrator_get_next_task + orchestrator_complete_subtask, until nothing is ready');
  for (let round = 0; round < 10; round++) {
    const { task } = await call('orchestrator_get_next_task', { worker_id: 'demo-agent' });
    if (!task) break;
    console.log(`  claimed ${task.id} (${task.role}): ${task.title}`);
    await call('orchestrator_complete_subtask', {
      task_id: task.id,
      worker_id: 'demo-agent',
      summary: `${task.title}: done`,
      detailed_work: `# ${task.title}\n\nThe full work product, stored as an artifact file and never echoed back.`,
    });
  }

  step('orchestrator_synthesize_results');
  const synthesis = await call('orchestrator_synthesize_results', { parent_task_id: plan.planId });
  console.log(
    `  ${synthesis.progress.percentComplete}% complete, ${synthesis.artifacts.length} artifacts, ${synthesis.incomplete.length} incomplete`,
  );
  for (const group of synthesis.byRole) {
    console.log(`  ${group.role}: ${group.tasks.map((task) => task.summary ?? task.title).join('; ')}`);
  }

  step('the same store from the terminal: orchestrator tasks list');
  spawnSync(process.execPath, [bin, 'tasks', 'list'], { env, stdio: 'inherit' });
} finally {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}
