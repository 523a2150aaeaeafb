import type { CallToolResult, McpServer, ServerContext, ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { asInputError } from '../core/index.js';
import { isOrchestratorError } from '../errors.js';
import type { Logger } from './logger.js';

/** What a tool returns: a short text for the conversation and the data for `structuredContent`. */
export interface ToolOutput {
  text: string;
  data: Record<string, unknown>;
}

export interface ToolDefinition<S extends z.ZodRawShape> {
  title: string;
  description: string;
  input: S;
  annotations: Omit<ToolAnnotations, 'title'>;
}

type Args<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/** Where a tool logs. */
export interface ToolHost {
  logger: Logger;
}

/**
 * Registers a tool whose handler returns a ToolOutput or throws. Every failure becomes an `isError` result:
 * an OrchestratorError with its message and the next step; anything else is logged as a bug and reported
 * without taking the server down.
 */
export function defineTool<S extends z.ZodRawShape>(
  server: McpServer,
  host: ToolHost,
  name: string,
  definition: ToolDefinition<S>,
  run: (args: Args<S>, ctx: ServerContext) => Promise<ToolOutput>,
): void {
  server.registerTool(
    name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: z.object(definition.input),
      annotations: { title: definition.title, openWorldHint: false, ...definition.annotations },
    },
    async (args: Args<S>, ctx: ServerContext): Promise<CallToolResult> => {
      const started = performance.now();
      try {
        const output = await run(args, ctx);
        host.logger.debug('tool', { name, ms: Math.round(performance.now() - started) });
        return { content: [{ type: 'text', text: output.text }], structuredContent: output.data };
      } catch (error) {
        return errorResult(error, host.logger, name);
      }
    },
  );
}

export function errorResult(caught: unknown, logger: Logger, name: string): CallToolResult {
  const error = asInputError(caught);
  if (isOrchestratorError(error)) {
    logger.debug('tool refused', { name, code: error.code, message: error.message });
    const text = error.hint ? `${error.message}\nNext: ${error.hint}` : error.message;
    const body = {
      code: error.code,
      message: error.message,
      ...(error.hint && { hint: error.hint }),
      ...(error.details && { details: error.details }),
    };
    return { isError: true, content: [{ type: 'text', text }], structuredContent: { error: body } };
  }
  logger.error('tool failed with an internal error', { name, error: caught });
  const message = caught instanceof Error ? caught.message : String(caught);
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: `Internal error in ${name}: ${message}\nNext: this is a bug in orchestrator, not in your request; the server keeps running. Retry once; if it persists, report it with the server's log (stderr).`,
      },
    ],
    structuredContent: { error: { code: 'INTERNAL', message } },
  };
}

/** Annotation presets: what a client may assume about a tool's effect on the store. */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;
export const ADDITIVE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false } as const;
export const ADDITIVE_IDEMPOTENT = { readOnlyHint: false, destructiveHint: false, idempotentHint: true } as const;
export const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true } as const;

/** For the compatibility tools, whose originals answered with JSON text: that text, and the data in structuredContent. */
export function jsonOutput(value: unknown, data: Record<string, unknown>): ToolOutput {
  return { text: JSON.stringify(value, null, 2), data };
}
