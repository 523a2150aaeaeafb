import path from 'node:path';
import { Client, type CallToolResult, type ClientCapabilities, type Tool } from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { expect, onTestFinished } from 'vitest';
import { SharedState } from '../../src/server/connection.js';
import { createServer } from '../../src/server/create-server.js';
import { createLogger } from '../../src/server/logger.js';
import { parseToolsets } from '../../src/server/toolsets.js';
import { testClock } from './service.js';
import { freshStoreUrl } from './postgres.js';
import { testdir } from './testdir.js';

export interface McpHarnessOptions {
  /** Profiles and toolsets, as --toolsets takes them; default `standard`, the four toolsets. */
  toolsets?: readonly string[];
  env?: Record<string, string>;
  files?: Record<string, string>;
  /** Pass no --data-dir, so the data directory is resolved from the working directory. */
  noDataDir?: boolean;
  /** Share a process state (services, role cache) with another harness. */
  shared?: SharedState;
  dir?: string;
  /** What the client declares (roots, elicitation, ...), and its handlers, set before it connects. */
  capabilities?: ClientCapabilities;
  setup?: (client: Client) => void;
}

const storeUrls = new Map<string, string>();

/** One database store per test folder: harnesses opened on the same folder share it, as they share the files. */
function storeUrlFor(dir: string): string {
  let url = storeUrls.get(dir);
  if (!url) storeUrls.set(dir, (url = freshStoreUrl()));
  return url;
}

/** A real MCP client connected to a server built by createServer, over the SDK's in-memory transport. */
export async function mcpHarness(options: McpHarnessOptions = {}) {
  const dir = options.dir ?? testdir(options.files);
  const dataDir = path.join(dir, '.task_orchestrator');
  const env: NodeJS.ProcessEnv = {
    ORCHESTRATOR_HOME: path.join(dir, 'home'),
    ORCHESTRATOR_LOCK_STALE_MS: '2000',
    // The postgres project runs the MCP suites again, each folder's harnesses on a store of their own in the database.
    ...(process.env.ORCHESTRATOR_TEST_STORE === 'postgres' && { ORCHESTRATOR_STORE: storeUrlFor(dir) }),
    ...options.env,
  };
  const logs: string[] = [];
  const logger = createLogger({ stream: { write: (text: string) => logs.push(text) }, level: 'debug' });
  const clock = testClock();
  const shared = options.shared ?? new SharedState({ env, home: dir, logger, clock: clock });
  const { server, connection, close } = createServer({
    version: '0.0.0-test',
    env,
    cwd: dir,
    home: dir,
    ...(!options.noDataDir && { dataDir }),
    toolsets: parseToolsets((options.toolsets ?? ['standard']).join(',')),
    logger,
    shared,
    clock,
  });
  const client = new Client({ name: 'test-client', version: '1.0.0' }, { ...(options.capabilities && { capabilities: options.capabilities }) });
  options.setup?.(client);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  onTestFinished(async () => {
    await client.close();
    await close();
    if (!options.shared) await shared.close();
  });

  let listed: Promise<Map<string, Tool>> | undefined;
  /** Tools whose answers were checked against their outputSchema. */
  const checked = new Set<string>();
  async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  }
  /** Calls a tool that must succeed; returns its structuredContent and text, checked against the tool's outputSchema. */
  async function ok<T = Record<string, any>>(name: string, args: Record<string, unknown> = {}): Promise<T & { text: string }> {
    const result = await call(name, args);
    const text = textOf(result);
    expect(result.isError, `${name} failed: ${text}`).toBeFalsy();
    expect(result.structuredContent).toBeTypeOf('object');
    listed ??= client.listTools().then(({ tools }) => new Map(tools.map((tool) => [tool.name, tool])));
    expectMatchesOutputSchema((await listed).get(name), result);
    checked.add(name);
    return { ...(result.structuredContent as T), text };
  }
  /** Calls a tool that must fail; returns its error and text. */
  async function fails(name: string, args: Record<string, unknown> = {}): Promise<{ text: string; code: string | undefined; hint?: string }> {
    const result = await call(name, args);
    const text = textOf(result);
    expect(result.isError, `${name} should have failed: ${text}`).toBe(true);
    const error = (result.structuredContent as { error?: { code: string; hint?: string } } | undefined)?.error;
    return { text, code: error?.code, ...(error?.hint && { hint: error.hint }) };
  }
  return { client, call, ok, fails, dir, dataDir, connection, logs, clock, shared, checked };
}

const validators = new AjvJsonSchemaValidator();

/** A successful result's structuredContent satisfies the outputSchema its tool is listed with. */
export function expectMatchesOutputSchema(tool: Tool | undefined, result: CallToolResult): void {
  expect(tool?.outputSchema, `${tool?.name ?? 'the tool'} is listed with an outputSchema`).toBeTypeOf('object');
  const check = validators.getValidator(tool!.outputSchema as Parameters<typeof validators.getValidator>[0])(result.structuredContent);
  expect(check.errorMessage, `${tool!.name}: structuredContent does not match its outputSchema`).toBeUndefined();
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
