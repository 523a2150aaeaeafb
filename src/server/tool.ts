import {
  acceptedContent,
  inputRequired,
  isInputRequiredResult,
  type CallToolResult,
  type InputRequiredResult,
  type McpServer,
  type ServerContext,
  type StandardSchemaWithJSON,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { asInputError, requestIdSchema, type ChangeOptions } from '../core/index.js';
import { isOrchestratorError, OrchestratorError } from '../errors.js';
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
  /** The shape of `structuredContent` on success, declared to clients as the tool's outputSchema. */
  output: z.ZodObject;
  annotations: Omit<ToolAnnotations, 'title'>;
}

type Args<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/** Where a tool logs, which tools are offered, and what the client can do. */
export interface ToolHost {
  logger: Logger;
  offers(tool: string): boolean;
  /** The toolset an offered tool comes from (two toolsets may name a tool alike). */
  toolsetOf(tool: string): string | undefined;
  /** Whether the client answers form elicitations (asked per call: a 2026-07-28 request says it itself). */
  canElicit(ctx: ServerContext): boolean;
  /** Before each call: who the client is, and which store it works on. */
  prepare(ctx: ServerContext): Promise<void>;
}

/** One call of a tool: its context, and the options of the store change it makes. */
export interface ToolCall {
  ctx: ServerContext;
  /** The `request_id` the caller sent (tools that change the store take one). */
  requestId: string | undefined;
  /**
   * For the store change the call makes: the request's cancellation, progress notifications while it waits for
   * the store lock (when the client sent a progress token), and its request id.
   */
  change(): ChangeOptions;
}

/** Tools that change the store take a request id, so that a retried call never applies twice. */
const requestIdArg = requestIdSchema
  .optional()
  .describe('Your id for this call: a retry with the same id returns the first answer and changes nothing');

/**
 * Registers a tool whose handler returns a ToolOutput or throws. Every failure becomes an `isError` result:
 * an OrchestratorError with its message and the next step; anything else is logged as a bug and reported
 * without taking the server down. Arguments are checked here rather than by the SDK, so that a bad argument
 * is an INVALID_INPUT error like any other, and an unknown one names the arguments the tool takes. A tool
 * that is not read-only also takes `request_id`.
 */
export function defineTool<S extends z.ZodRawShape>(
  server: McpServer,
  host: ToolHost,
  name: string,
  definition: ToolDefinition<S>,
  run: (args: Args<S>, call: ToolCall) => Promise<ToolOutput | InputRequiredResult>,
): void {
  if (!host.offers(name)) return;
  const changes = definition.annotations.readOnlyHint !== true;
  const shape = changes ? { ...definition.input, request_id: requestIdArg } : definition.input;
  const input = strictInput(name, shape);
  const takes = new Set(Object.keys(shape));
  server.registerTool(
    name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: listedOnly(input, `${host.toolsetOf(name)}/${name} arguments`),
      outputSchema: listedOnly(definition.output, `${host.toolsetOf(name)}/${name} result`),
      annotations: { title: definition.title, openWorldHint: false, ...definition.annotations },
    },
    async (raw: unknown, ctx: ServerContext): Promise<CallToolResult | InputRequiredResult> => {
      const started = performance.now();
      try {
        const parsed = input.safeParse(raw ?? {});
        if (!parsed.success) throw inputError(name, parsed.error, Object.keys(shape));
        const { request_id: requestId, ...args } = parsed.data as Args<S> & { request_id?: string };
        await host.prepare(ctx);
        const output = await run(args as Args<S>, toolCall(ctx, requestId));
        host.logger.debug('tool', { name, ms: Math.round(performance.now() - started) });
        if (isInputRequiredResult(output)) return output;
        return { content: [{ type: 'text', text: output.text }], structuredContent: output.data };
      } catch (error) {
        return errorResult(error, host.logger, name, takes);
      }
    },
  );
}

function toolCall(ctx: ServerContext, requestId: string | undefined): ToolCall {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  return {
    ctx,
    requestId,
    change: () => ({
      signal: ctx.mcpReq.signal,
      ...(requestId !== undefined && { requestId }),
      ...(progressToken !== undefined && {
        onWait: ({ waitedMs, holder }) =>
          void ctx.mcpReq
            .notify({
              method: 'notifications/progress',
              params: {
                progressToken,
                progress: waitedMs,
                message: `Waiting for the store lock${holder ? ` (held by process ${holder.pid})` : ''}: ${(waitedMs / 1000).toFixed(1)} s`,
              },
            })
            .catch(() => undefined),
      }),
    }),
  };
}

const confirmation = z.object({ confirm: z.boolean().describe('Yes: do it anyway') });

/**
 * A destructive change that may need `force`. When the client answers elicitations, the person is asked instead
 * of trusting `force`: the change is tried without it, and if only force would let it through, the question goes
 * to the client (the call is answered when the person has decided). Without elicitation, `force` decides.
 */
export async function forced<R>(
  host: ToolHost,
  call: ToolCall,
  force: boolean,
  attempt: (force: boolean) => Promise<R>,
): Promise<R | InputRequiredResult> {
  if (!host.canElicit(call.ctx)) return attempt(force);
  const responses = call.ctx.mcpReq.inputResponses;
  if (responses && 'confirm' in responses) {
    if (acceptedContent(responses, 'confirm', confirmation)?.confirm === true) return attempt(true);
    throw new OrchestratorError('Not confirmed: nothing was changed.', {
      code: 'CANCELLED',
      hint: 'The person declined; leave it, or ask them what to do instead.',
    });
  }
  try {
    return await attempt(false);
  } catch (error) {
    if (!isOrchestratorError(error) || error.details?.forceable !== true) throw error;
    return inputRequired({
      inputRequests: {
        confirm: inputRequired.elicit({
          mode: 'form',
          message: `${error.message} Do it anyway?`,
          requestedSchema: confirmation,
        }),
      },
    });
  }
}

/** The tool's arguments as an object that refuses keys it does not declare. */
function strictInput<S extends z.ZodRawShape>(name: string, shape: S): z.ZodObject<S> {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown ${plural(issue.keys.length, 'argument')} ${issue.keys.join(', ')} for ${name}` : undefined,
  });
}

function inputError(name: string, error: z.ZodError, allowed: string[]): OrchestratorError {
  const unknown = error.issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown) {
    const keys = (unknown as { keys: string[] }).keys;
    return new OrchestratorError(`Invalid input: ${unknown.message}.`, {
      code: 'INVALID_INPUT',
      hint: allowed.length > 0 ? `${name} takes ${allowed.join(', ')}; leave the others out.` : `${name} takes no arguments.`,
      details: { unknown: keys, allowed },
    });
  }
  // Every element of a huge array can be wrong; the answer names the first few, not a megabyte of them.
  const issues = error.issues.slice(0, MAX_ISSUES).map(({ code, path, message }) => ({ code, path, message }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return new OrchestratorError(`Invalid input: ${where}${first?.message ?? 'see details'}.`, {
    code: 'INVALID_INPUT',
    details: { issues, ...(error.issues.length > MAX_ISSUES && { moreIssues: error.issues.length - MAX_ISSUES }) },
  });
}

const MAX_ISSUES = 10;

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/**
 * The JSON Schemas of tool listings, made once per process: by key (tool, arguments or result, direction and
 * target). A tool's schemas depend on its code alone, so the one-file build lists every tool once and ships what
 * it made (see presetListings); a start then lists tools without converting a single schema.
 */
const listings = new Map<string, Record<string, unknown>>();

/** The listings a build made (madeListings), for this process to use instead of converting the schemas. */
export function presetListings(made: Record<string, Record<string, unknown>>): void {
  for (const [key, schema] of Object.entries(made)) listings.set(key, schema);
}

/** Every listing this process made or was given so far. */
export function madeListings(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(listings);
}

/**
 * A schema the SDK uses only to list the tool (its JSON Schema); checking is done by the tool itself, with the
 * server's own errors. Every character of a tool listing is paid for in the model's context on every turn, so
 * the listing leaves out what says nothing new (see `compact`); the checks are made in full all the same.
 */
export function listedOnly(schema: z.ZodType, key: string): StandardSchemaWithJSON {
  const standard = schema['~standard'];
  const listing = (io: 'input' | 'output', options: { target: string }) => {
    const at = `${key} ${io} ${options.target}`;
    let made = listings.get(at);
    if (!made) {
      made = compact(standard.jsonSchema[io](options as Parameters<typeof standard.jsonSchema.input>[0]), true) as Record<string, unknown>;
      listings.set(at, made);
    }
    return made;
  };
  return {
    '~standard': {
      version: 1,
      vendor: 'orchestrator',
      validate: (value: unknown) => ({ value }),
      jsonSchema: {
        input: (options) => listing('input', options),
        output: (options) => listing('output', options),
      },
    },
  };
}

/**
 * Leaves out of a JSON Schema: the `$schema` line (2020-12 is the protocol's default dialect), a `pattern` next
 * to a `format` (zod spells out the date-time format as a 300-character pattern), the safe-integer bounds zod puts
 * on every integer, and the descriptions of array items and union branches under a property that has its own.
 */
function compact(node: unknown, root = false, described = false): unknown {
  if (Array.isArray(node)) return node.map((item) => compact(item, false, described));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const own = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(own)) {
    if (root && key === '$schema') continue;
    if (key === 'pattern' && 'format' in own) continue;
    if (key === 'description' && described) continue;
    // zod bounds every integer by the largest safe one, which says nothing.
    if ((key === 'maximum' && value === Number.MAX_SAFE_INTEGER) || (key === 'minimum' && value === Number.MIN_SAFE_INTEGER)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, compact(property)]));
    } else if (key === 'items' || key === 'anyOf' || key === 'oneOf') {
      out[key] = compact(value, false, described || typeof own.description === 'string');
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function errorResult(caught: unknown, logger: Logger, name: string, takes: ReadonlySet<string> = new Set()): CallToolResult {
  const error = asInputError(caught);
  if (isOrchestratorError(error)) {
    logger.debug('tool refused', { name, code: error.code, message: error.message });
    const hint = error.hint && inToolTerms(error.hint, takes);
    const text = hint ? `${error.message}\nNext: ${hint}` : error.message;
    const body = {
      code: error.code,
      message: error.message,
      ...(hint && { hint }),
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

/**
 * The core's hints name the terminal's flags; a tool takes arguments. An option the tool does not declare is not
 * offered (a hint that said "pass force: true" to a tool without `force` would send the agent into a refusal).
 */
export function inToolTerms(hint: string, takes: ReadonlySet<string>): string {
  let text = hint.replace(/--worker\b/g, 'worker_id').replace(/--parent\b/g, 'parent_id');
  for (const flag of ['force', 'reopen']) {
    text = takes.has(flag)
      ? text.replace(new RegExp(`--${flag}\\b`, 'g'), `${flag}: true`)
      : text.replace(new RegExp(`,? or pass --${flag}\\b[^.]*\\.`, 'g'), '.').replace(new RegExp(`\\s*\\bPass --${flag}\\b[^.]*\\.`, 'g'), '');
  }
  return text.trim();
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
