import { describe, expect, test } from 'vitest';
import { parseToolsets, TOOLSETS, toolNames } from '../../src/server/toolsets.js';
import { mcpHarness } from '../helpers/mcp.js';

// Every tool answers with structuredContent that satisfies the outputSchema it is listed with (the harness
// checks each successful answer with a JSON Schema validator, as a client would). These runs call every tool
// of every toolset, with the answers that have a different shape: something found and nothing found.

describe('every tool answers with what its outputSchema declares', () => {
  test('workflow, tasks, coordination and maintenance', async () => {
    const h = await mcpHarness({ toolsets: ['standard'] });
    await h.ok('orchestrator_initialize_session');
    await h.ok('orchestrator_get_next_task', { worker_id: 'idle' });
    const plan = await h.ok('orchestrator_plan_task', {
      description: 'Ship it',
      subtasks: [
        { title: 'Design', description: 'd', specialist_type: 'architect' },
        { title: 'Build', description: 'b', specialist_type: 'implementer', dependencies: ['Design'] },
        { title: 'Check', description: 'c', specialist_type: 'tester', dependencies: ['Build'] },
      ],
    });
    const [design, build, check] = plan.order as string[];
    await h.ok('orchestrator_initialize_session');
    await h.ok('orchestrator_execute_subtask', { task_id: design });
    await h.ok('orchestrator_complete_subtask', { task_id: design, summary: 's', detailed_work: 'w', file_paths: ['a.ts'] });
    await h.ok('orchestrator_get_next_task', { worker_id: 'w1' });
    await h.ok('orchestrator_heartbeat', { task_id: build, worker_id: 'w1' });
    await h.ok('orchestrator_list_workers');
    await h.ok('orchestrator_fail_task', { task_id: build, worker_id: 'w1', error: 'broke' });
    await h.ok('orchestrator_reset_task', { task_id: build });
    await h.ok('orchestrator_execute_subtask', { task_id: build });
    await h.ok('orchestrator_complete_subtask', { task_id: build, summary: 's', detailed_work: 'w', next_action: 'needs_revision' });
    await h.ok('orchestrator_get_status');
    await h.ok('orchestrator_get_status', { plan_id: plan.planId, include_completed: true });
    await h.ok('orchestrator_synthesize_results', { parent_task_id: plan.planId });
    const task = (await h.ok('orchestrator_create_generic_task', { title: 'Loose', tags: ['x'], metadata: { a: 1 } })).task;
    await h.ok('orchestrator_update_task', { task_id: task.id, priority: 'high', add_dependencies: [check] });
    await h.ok('orchestrator_query_tasks', { limit: 2 });
    await h.ok('orchestrator_query_tasks', { text: 'nothing matches this' });
    await h.ok('orchestrator_cancel_task', { task_id: task.id, reason: 'not needed' });
    await h.ok('orchestrator_delete_task', { task_id: task.id });
    const done = (await h.ok('orchestrator_create_generic_task', { title: 'Done soon' })).task;
    await h.ok('orchestrator_execute_subtask', { task_id: done.id });
    await h.ok('orchestrator_complete_subtask', { task_id: done.id, summary: 's', detailed_work: 'w' });
    await h.ok('orchestrator_delete_task', { task_id: done.id, archive_instead: true });
    await h.ok('orchestrator_maintenance_coordinator', { action: 'validate_structure' });
    await h.ok('orchestrator_maintenance_coordinator', { action: 'scan_cleanup' });
    await h.ok('orchestrator_health_check');
    await h.ok('orchestrator_apply_template', { template: 'bug-fix', parameters: { bug: 'b' }, dry_run: true });
    await h.ok('orchestrator_apply_template', { template: 'bug-fix', parameters: { bug: 'b' } });
    await h.ok('orchestrator_change_tasks', { action: 'update', filter: { specialist_type: 'tester' }, changes: { priority: 'high' } });
    await h.ok('orchestrator_change_tasks', { action: 'cancel', filter: { text: 'nothing matches this' } });
    await h.ok('orchestrator_change_tasks', { action: 'delete', task_ids: [check], force: true, dry_run: true });
    expect([...h.checked].sort()).toEqual(toolNames(parseToolsets('standard')).sort());
  });

  test('compat-orchestrator-server', async () => {
    const h = await mcpHarness({ toolsets: ['compat-orchestrator-server'] });
    await h.ok('get_next_task', { instance_id: 'i1' });
    await h.ok('create_task', { id: 'a', description: 'First' });
    await h.ok('create_task', { id: 'b', description: 'Second', dependencies: ['a'] });
    await h.ok('update_task', { task_id: 'b', description: 'Second, changed' });
    await h.ok('get_task_details', { task_id: 'b' });
    await h.ok('get_next_task', { instance_id: 'i1' });
    await h.ok('complete_task', { task_id: 'a', instance_id: 'i1', result: 'done' });
    await h.ok('get_task_status');
    await h.ok('create_task', { id: 'c', description: 'Third' });
    await h.ok('delete_task', { task_id: 'c' });
    expect([...h.checked].sort()).toEqual([...TOOLSETS['compat-orchestrator-server']].sort());
  });

  test('compat-task-coordinator', async () => {
    const h = await mcpHarness({ toolsets: ['compat-task-coordinator'] });
    const { slot } = await h.ok('claim_worker_slot');
    await h.ok('add_task', { id: 'a', description: 'First', output: 'a file' });
    await h.ok('add_task', { id: 'b', description: 'Second', dependencies: ['a'] });
    await h.ok('get_available_tasks');
    await h.ok('claim_task', { taskId: 'a', workerId: 'w1', workerSlot: slot });
    await h.ok('get_workers');
    await h.ok('update_task', { taskId: 'a', workerId: 'w1', status: 'working' });
    await h.ok('update_task', { taskId: 'a', workerId: 'w1', status: 'failed', error: 'broke' });
    await h.ok('reset_failed_task', { taskId: 'a' });
    await h.ok('get_all_tasks');
    await h.ok('release_worker_slot', { slot });
    expect([...h.checked].sort()).toEqual([...TOOLSETS['compat-task-coordinator']].sort());
  });
});
