import { OrchestratorError } from '../errors.js';

// Plain data, so that `orchestrator serve --help` can list the toolsets without loading the MCP SDK or zod.

/** The tools of each toolset. Tool names are stable API. */
export const TOOLSETS = {
  workflow: [
    'orchestrator_initialize_session',
    'orchestrator_plan_task',
    'orchestrator_execute_subtask',
    'orchestrator_complete_subtask',
    'orchestrator_synthesize_results',
    'orchestrator_get_status',
  ],
  tasks: [
    'orchestrator_create_generic_task',
    'orchestrator_update_task',
    'orchestrator_delete_task',
    'orchestrator_cancel_task',
    'orchestrator_query_tasks',
  ],
  coordination: [
    'orchestrator_get_next_task',
    'orchestrator_heartbeat',
    'orchestrator_fail_task',
    'orchestrator_reset_task',
    'orchestrator_list_workers',
  ],
  maintenance: ['orchestrator_maintenance_coordinator', 'orchestrator_health_check'],
  'compat-orchestrator-server': [
    'create_task',
    'get_next_task',
    'complete_task',
    'get_task_status',
    'get_task_details',
    'update_task',
    'delete_task',
  ],
  'compat-task-coordinator': [
    'claim_worker_slot',
    'release_worker_slot',
    'get_workers',
    'add_task',
    'get_available_tasks',
    'get_all_tasks',
    'claim_task',
    'update_task',
    'reset_failed_task',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ToolsetName = keyof typeof TOOLSETS;
export const TOOLSET_NAMES = Object.keys(TOOLSETS) as ToolsetName[];

/** Under 20 tools: Cursor passes only the first 40 tools of all servers together to the model. */
export const DEFAULT_TOOLSETS: readonly ToolsetName[] = ['workflow', 'tasks', 'coordination', 'maintenance'];

/**
 * Parses `--toolsets` / ORCHESTRATOR_TOOLSETS: names separated by commas; `default` stands for the default set.
 * Unknown names, and the two compatibility sets together (both define `update_task`), are usage errors.
 */
export function parseToolsets(value: string | undefined): ToolsetName[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_TOOLSETS];
  const chosen = new Set<ToolsetName>();
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (name === 'default') DEFAULT_TOOLSETS.forEach((set) => chosen.add(set));
    else if ((TOOLSET_NAMES as string[]).includes(name)) chosen.add(name as ToolsetName);
    else {
      throw new OrchestratorError(`Unknown toolset "${name}".`, {
        code: 'USAGE',
        hint: `Valid toolsets: ${TOOLSET_NAMES.join(', ')} (and "default" for ${DEFAULT_TOOLSETS.join(',')}).`,
      });
    }
  }
  if (chosen.size === 0)
    throw new OrchestratorError('No toolset chosen.', { code: 'USAGE', hint: `Valid toolsets: ${TOOLSET_NAMES.join(', ')}.` });
  if (chosen.has('compat-orchestrator-server') && chosen.has('compat-task-coordinator')) {
    throw new OrchestratorError('The two compatibility toolsets cannot be enabled together: both define a tool named update_task.', {
      code: 'USAGE',
      hint: 'Enable the one your prompts were written for; run a second server entry for the other if you need both.',
    });
  }
  return TOOLSET_NAMES.filter((name) => chosen.has(name));
}

export function toolNames(toolsets: readonly ToolsetName[]): string[] {
  return toolsets.flatMap((set) => [...TOOLSETS[set]]);
}
