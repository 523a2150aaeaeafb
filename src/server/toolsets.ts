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
    'orchestrator_apply_template',
  ],
  tasks: [
    'orchestrator_create_generic_task',
    'orchestrator_update_task',
    'orchestrator_delete_task',
    'orchestrator_cancel_task',
    'orchestrator_query_tasks',
    'orchestrator_change_tasks',
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

const STANDARD_TOOLSETS: readonly ToolsetName[] = ['workflow', 'tasks', 'coordination', 'maintenance'];

/** A tool of a toolset: two toolsets may name a tool alike (both compatibility toolsets have `update_task`). */
type ToolKey = `${ToolsetName}/${string}`;

const keysOf = (toolsets: readonly ToolsetName[]): ToolKey[] => toolsets.flatMap((set) => TOOLSETS[set].map((tool): ToolKey => `${set}/${tool}`));

/**
 * Profiles: sets of tools chosen for a way of working. Every agent pays for the tool list in its context on every
 * turn, so `default` is the smallest set that covers the whole loop of one agent or of many (start a session,
 * plan, take the next task with its specialist context, complete, fail, heartbeat, find tasks, synthesize) and
 * the health check, which says which store the server works on and why;
 * `standard` is the four toolsets; `all` adds the compatibility toolsets. Both of those define `update_task`: `all`
 * keeps the task coordinator's (its only way to finish a task) and leaves out the orchestrator-server one, whose
 * edits orchestrator_update_task makes.
 */
export const PROFILES = {
  default: [
    'workflow/orchestrator_initialize_session',
    'workflow/orchestrator_plan_task',
    'coordination/orchestrator_get_next_task',
    'workflow/orchestrator_complete_subtask',
    'coordination/orchestrator_fail_task',
    'coordination/orchestrator_heartbeat',
    'tasks/orchestrator_query_tasks',
    'workflow/orchestrator_synthesize_results',
    'maintenance/orchestrator_health_check',
  ],
  standard: keysOf(STANDARD_TOOLSETS),
  all: keysOf([...STANDARD_TOOLSETS, 'compat-orchestrator-server', 'compat-task-coordinator']).filter(
    (key) => key !== 'compat-orchestrator-server/update_task',
  ),
} as const satisfies Record<string, readonly ToolKey[]>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** What `--toolsets` chose: the names given (profiles and toolsets), and the tools they add up to. */
export interface ToolSelection {
  names: string[];
  /** Tool name -> the toolset that defines it. */
  tools: ReadonlyMap<string, ToolsetName>;
}

/**
 * Parses `--toolsets` / ORCHESTRATOR_TOOLSETS: profile and toolset names separated by commas; nothing given
 * means the default profile. Unknown names, and two toolsets that define the same tool name, are usage errors.
 */
export function parseToolsets(value: string | undefined): ToolSelection {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (value !== undefined && value.trim() !== '' && names.length === 0)
    throw new OrchestratorError('No toolset chosen.', { code: 'USAGE', hint: validNames() });
  const chosen = names.length > 0 ? names : ['default'];
  const keys = new Set<ToolKey>();
  for (const name of chosen) {
    if (name in PROFILES) PROFILES[name as ProfileName].forEach((key) => keys.add(key));
    else if (name in TOOLSETS) keysOf([name as ToolsetName]).forEach((key) => keys.add(key));
    else throw new OrchestratorError(`Unknown toolset "${name}".`, { code: 'USAGE', hint: validNames() });
  }
  const tools = new Map<string, ToolsetName>();
  // In the order the toolsets register their tools, which is the order clients list them.
  for (const key of keysOf(TOOLSET_NAMES).filter((candidate) => keys.has(candidate))) {
    const [set, tool] = key.split('/') as [ToolsetName, string];
    const other = tools.get(tool);
    if (other) {
      throw new OrchestratorError(`The toolsets ${other} and ${set} cannot be enabled together: both define a tool named ${tool}.`, {
        code: 'USAGE',
        hint: 'Enable the one your prompts were written for; run a second server entry for the other if you need both.',
      });
    }
    tools.set(tool, set);
  }
  return { names: chosen, tools };
}

function validNames(): string {
  return `Valid names: the profiles ${PROFILE_NAMES.join(', ')} and the toolsets ${TOOLSET_NAMES.join(', ')}.`;
}

/** The tools a selection offers, in the order clients list them. */
export function toolNames(selection: ToolSelection): string[] {
  return [...selection.tools.keys()];
}

/** The toolsets that offer at least one selected tool. */
export function toolsetsOf(selection: ToolSelection): ToolsetName[] {
  return TOOLSET_NAMES.filter((set) => [...selection.tools.values()].includes(set));
}
