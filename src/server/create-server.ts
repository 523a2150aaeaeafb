import { McpServer } from '@modelcontextprotocol/server';
import { Connection, SharedState, type ServerDeps } from './connection.js';
import { registerRolePrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerCompatOrchestratorServerTools } from './tools/compat-orchestrator-server.js';
import { registerCompatTaskCoordinatorTools } from './tools/compat-task-coordinator.js';
import { registerCoordinationTools } from './tools/coordination.js';
import { registerMaintenanceTools } from './tools/maintenance.js';
import { registerChangeTasksTool } from './tools/change-tasks.js';
import { registerTaskTools } from './tools/tasks.js';
import { registerTemplateTools } from './tools/templates.js';
import { registerWorkflowTools } from './tools/workflow.js';
import { toolsetsOf, type ToolsetName } from './toolsets.js';

export type { ServerDeps } from './connection.js';

const REGISTER: Record<ToolsetName, (server: McpServer, connection: Connection) => void> = {
  workflow: (server, connection) => {
    registerWorkflowTools(server, connection);
    registerTemplateTools(server, connection);
  },
  tasks: (server, connection) => {
    registerTaskTools(server, connection);
    registerChangeTasksTool(server, connection);
  },
  coordination: registerCoordinationTools,
  maintenance: registerMaintenanceTools,
  'compat-orchestrator-server': registerCompatOrchestratorServerTools,
  'compat-task-coordinator': registerCompatTaskCoordinatorTools,
};

const INSTRUCTIONS =
  'Task orchestrator: plans work as tasks with dependencies and specialist roles, and hands it out to one or many agents ' +
  'without ever giving one task to two of them. Start with orchestrator_initialize_session. Several agents on one store: ' +
  'orchestrator_get_next_task with your own worker_id, then orchestrator_complete_subtask. Every role is also a prompt ' +
  '(specialist-<role>), as is every plan template (template-<name>) and plan-from-document, which turns a PRD into a plan; ' +
  'tasks and artifacts are resources (orchestrator://tasks/{id}, orchestrator://artifacts/{task_id}/{artifact_id}).';

/** Refuses absurdly large arguments before they are validated (the SDK counts array elements and object members). */
const MAX_TOOL_INPUT_ELEMENTS = 100_000;

export interface CreatedServer {
  server: McpServer;
  connection: Connection;
  shared: SharedState;
  close(): Promise<void>;
}

/**
 * One MCP server for one client connection, with the chosen toolsets, the role prompts and the resources.
 * `stateless`: the server answers one request of a 2026-07-28 HTTP exchange, with nothing kept for the next.
 */
export function createServer(deps: ServerDeps, options: { stateless?: boolean } = {}): CreatedServer {
  const shared = SharedState.of(deps);
  const server = new McpServer(
    { name: 'task-orchestrator', title: 'Task orchestrator', version: deps.version },
    {
      instructions: INSTRUCTIONS,
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
      // Advertise only what works: the tool list never changes while a connection lasts, and role files are not
      // watched (a new role shows up at the next prompts/list); the store's change feed drives the resources'.
      capabilities: {
        tools: { listChanged: false },
        resources: { listChanged: true, subscribe: true },
        prompts: { listChanged: false },
      },
    },
  );
  const connection = new Connection(deps, shared, options);
  connection.attach(server.server);
  for (const toolset of toolsetsOf(deps.toolsets)) {
    connection.registering = toolset;
    REGISTER[toolset](server, connection);
  }
  connection.registering = undefined;
  registerRolePrompts(server, connection);
  registerResources(server, connection);
  server.server.onerror = (error) => deps.logger.warn('protocol error', { error: error.message });
  return {
    server,
    connection,
    shared,
    close: async () => {
      connection.close();
      await server.close();
    },
  };
}
