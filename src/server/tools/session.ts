import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Connection } from '../connection.js';
import { activePlanOutput, roleProblemOutput, roleSourceOutput } from '../outputs.js';
import { ADDITIVE_IDEMPOTENT, defineTool } from '../tool.js';
import { sessionText, workflowSteps } from './workflow-text.js';

/** orchestrator_initialize_session: where the session works, how to work, and what to resume. */
export function registerSessionTool(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_initialize_session',
    {
      title: 'Start an orchestration session',
      description:
        'Call this first. Returns how to work with these tools, the specialist roles, your worker id, the store in use and why, and the plans in progress (resume them).',
      input: {
        project_root: z.string().min(1).max(4096).optional().describe('Absolute path of your project: its store is used for this connection'),
        working_directory: z.string().min(1).max(4096).optional().describe('Older name of project_root'),
      },
      output: z.object({
        sessionId: z.string(),
        workerId: z.string().describe("This connection's own worker id"),
        dataDir: z.string().describe('The store this connection works on'),
        storeRule: z.enum(['project_root', 'roots', 'data_dir_flag', 'env', 'working_directory']).describe('Which rule chose it'),
        storeReason: z.string().describe('Why'),
        projectRoot: z.string().nullable(),
        toolsets: z.array(z.string()),
        workflow: z.array(z.string()),
        coordinator: z.object({ roleDefinition: z.string(), approach: z.array(z.string()), outputFormat: z.string() }).nullable(),
        roles: z.array(z.object({ name: z.string(), description: z.string(), source: roleSourceOutput })),
        roleProblems: z.array(roleProblemOutput),
        plansInProgress: z.array(
          activePlanOutput.extend({ next: z.object({ id: z.string(), title: z.string(), role: z.string().nullable() }).nullable() }),
        ),
      }),
      annotations: ADDITIVE_IDEMPOTENT,
    },
    async (args, call) => {
      const projectRoot = args.project_root ?? args.working_directory;
      if (projectRoot !== undefined) connection.useProjectRoot(projectRoot);
      const { service, location } = connection;
      const catalog = await connection.roles({ fresh: true });
      const workerId = connection.defaultWorker();
      await service.recordSession(
        {
          id: connection.sessionId,
          dataDir: connection.dataDir,
          workingDirectory: location.projectRoot,
          client: connection.clientName,
        },
        workerId,
        call.change(),
      );
      const active = (await service.activePlans()).slice(0, 10);
      const plans = await Promise.all(active.map(async (plan) => ({ ...plan, next: await service.recommend({ parentId: plan.planId }) })));
      const coordinator = catalog.get('coordinator');
      const roles = catalog.list().filter((role) => role.name !== 'coordinator');
      const text = sessionText({
        sessionId: connection.sessionId,
        workerId,
        store: connection.storeDescription,
        storeReason: location.reason,
        roles,
        coordinator,
        plans,
        steps: workflowSteps(connection),
      });
      return {
        text,
        data: {
          sessionId: connection.sessionId,
          workerId,
          dataDir: connection.dataDir,
          storeRule: location.rule,
          storeReason: location.reason,
          projectRoot: location.projectRoot,
          toolsets: connection.deps.toolsets.names,
          workflow: workflowSteps(connection),
          coordinator: coordinator
            ? { roleDefinition: coordinator.roleDefinition, approach: coordinator.approach, outputFormat: coordinator.outputFormat }
            : null,
          roles: roles.map((role) => ({ name: role.name, description: role.description, source: role.source })),
          roleProblems: catalog.problems,
          plansInProgress: plans.map(({ next, ...plan }) => ({
            ...plan,
            next: next ? { id: next.task.id, title: next.task.title, role: next.task.role } : null,
          })),
        },
      };
    },
  );
}
