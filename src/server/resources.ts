import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { isOrchestratorError } from '../errors.js';
import type { Connection } from './connection.js';
import { artifactUri, taskUri } from './present.js';

/** Resource listings stop here; a larger store is read by id (the templates) or through the tools. */
export const RESOURCE_LIST_LIMIT = 500;

/**
 * Tasks (`orchestrator://tasks/{id}`, JSON) and artifacts (`orchestrator://artifacts/{task_id}/{artifact_id}`,
 * markdown) as resources: a client can read a subtask's detailed work without it entering the conversation.
 */
export function registerResources(server: McpServer, connection: Connection): void {
  server.registerResource(
    'task',
    new ResourceTemplate('orchestrator://tasks/{id}', {
      list: async () => {
        const { tasks } = await connection.service.snapshot();
        const recent = Object.values(tasks)
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
          .slice(0, RESOURCE_LIST_LIMIT);
        return {
          resources: recent.map((task) => ({
            uri: taskUri(task.id),
            name: `${task.id}: ${task.title}`,
            description: `${task.status}${task.role ? `, ${task.role}` : ''}`,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    { title: 'Task', description: 'A task with its dependencies, dependents and subtasks, as JSON', mimeType: 'application/json' },
    async (uri, variables): Promise<ReadResourceResult> => {
      const id = variable(variables.id);
      const details = await orMcpError(() => connection.service.get(id));
      return { contents: [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify(details, null, 2) }] };
    },
  );

  server.registerResource(
    'artifact',
    new ResourceTemplate('orchestrator://artifacts/{task_id}/{artifact_id}', {
      list: async () => {
        const { tasks } = await connection.service.snapshot();
        const artifacts = Object.values(tasks).flatMap((task) => task.artifacts.map((artifact) => ({ task, artifact })));
        const recent = artifacts
          .sort((a, b) => (b.artifact.createdAt ?? '').localeCompare(a.artifact.createdAt ?? ''))
          .slice(0, RESOURCE_LIST_LIMIT);
        return {
          resources: recent.map(({ task, artifact }) => ({
            uri: artifactUri(task.id, artifact.id),
            name: `${task.id}/${artifact.id}: ${task.title}`,
            description: `${artifact.type ?? 'work'} for ${task.id}${artifact.bytes !== undefined ? `, ${artifact.bytes} bytes` : ''}`,
            mimeType: 'text/markdown',
          })),
        };
      },
    }),
    { title: 'Artifact', description: 'The detailed work submitted for a task, as markdown', mimeType: 'text/markdown' },
    async (uri, variables): Promise<ReadResourceResult> => {
      const taskId = variable(variables.task_id);
      const artifactId = variable(variables.artifact_id);
      const text = await orMcpError(async () => {
        try {
          return await connection.service.readArtifact(taskId, artifactId);
        } catch (error) {
          if (isOrchestratorError(error) && error.code === 'NOT_FOUND' && error.details?.artifactId === artifactId) {
            throw new McpError(ErrorCode.InvalidParams, `Task ${taskId} has no artifact "${artifactId}". Read ${taskUri(taskId)} to see its artifacts.`);
          }
          throw error;
        }
      });
      return { contents: [{ uri: uri.toString(), mimeType: 'text/markdown', text }] };
    },
  );
}

function variable(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return raw ?? '';
  }
}

/** A domain error while reading a resource becomes a protocol error that says what to do. */
async function orMcpError<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isOrchestratorError(error))
      throw new McpError(ErrorCode.InvalidParams, error.hint ? `${error.message} ${error.hint}` : error.message);
    throw error;
  }
}
