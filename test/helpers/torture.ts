import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProtocolError, type CallToolResult, type Client } from '@modelcontextprotocol/client';
import { invalidCalls, type BadCall, type JsonSchema } from './invalid-args.js';
import { repoRoot } from './bin.js';

/** `npm run test:stress` sets ORCHESTRATOR_STRESS=1: the torture tests then run longer and with more processes. */
export const stress = process.env.ORCHESTRATOR_STRESS === '1';

/** `normal` in `npm test`, `heavy` under `npm run test:stress`. */
export function scaled(normal: number, heavy: number): number {
  return stress ? heavy : normal;
}

/** Under `npm run test:stress`, one line on stderr with what a torture test went through, for the record. */
export function summarise(line: string): void {
  if (stress) process.stderr.write(`[stress] ${line}\n`);
}

/** Every file under `dir` except those under `skip`, with its bytes: to prove that nothing else was written. */
export function treeSnapshot(dir: string, skip: string[] = []): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (skip.some((excluded) => full === excluded || full.startsWith(`${excluded}${path.sep}`))) continue;
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = `${stat.mode.toString(8)} ${readFileSync(full, 'latin1')}`;
    }
  };
  walk(dir);
  return files;
}

/** Names containing `marker` in the places a path escaping the data directory could land, `extra` included. */
export function escapedFiles(marker: string, extra: string[] = []): string[] {
  const places = [tmpdir(), '/tmp', repoRoot, path.dirname(repoRoot), '/', ...extra];
  const found: string[] = [];
  for (const place of new Set(places)) {
    let names: string[] = [];
    try {
      names = readdirSync(place);
    } catch {
      continue;
    }
    for (const name of names) if (name.includes(marker)) found.push(path.join(place, name));
  }
  return found.concat([`/tmp/${marker}`, `/tmp/${marker}.md`].filter((file) => existsSync(file)));
}

export type Outcome =
  | { kind: 'success'; result: CallToolResult }
  | { kind: 'refused'; result: CallToolResult; code: string | undefined }
  | { kind: 'protocol-error'; code: number; message: string };

/** Calls a tool and classifies the answer; anything but a tool result or a JSON-RPC error is rethrown. */
export async function attempt(client: Client, name: string, args: unknown): Promise<Outcome> {
  try {
    const result = (await client.callTool({ name, arguments: args as Record<string, unknown> }, { timeout: 60_000 })) as CallToolResult;
    if (result.isError) {
      const code = (result.structuredContent as { error?: { code?: string } } | undefined)?.error?.code;
      return { kind: 'refused', result, code };
    }
    return { kind: 'success', result };
  } catch (error) {
    if (error instanceof ProtocolError) return { kind: 'protocol-error', code: error.code, message: error.message };
    throw error;
  }
}

export interface BadInputReport {
  calls: number;
  success: number;
  refused: number;
  protocolErrors: string[];
  /** Answers that are neither a well-formed success nor a well-formed refusal, or INTERNAL errors: bugs. */
  problems: string[];
}

/** Every tool the client lists, called with every generated invalid argument set. */
export async function callEveryToolBadly(
  client: Client,
  options: { marker: string; depth?: number },
  filter: (call: BadCall) => boolean = () => true,
): Promise<BadInputReport> {
  const report: BadInputReport = { calls: 0, success: 0, refused: 0, protocolErrors: [], problems: [] };
  const { tools } = await client.listTools();
  for (const tool of tools) {
    for (const call of invalidCalls(tool.inputSchema as JsonSchema, options).filter(filter)) {
      const where = `${tool.name} (${call.label})`;
      const outcome = await attempt(client, tool.name, call.args);
      report.calls++;
      if (outcome.kind === 'protocol-error') {
        report.protocolErrors.push(`${where}: ${outcome.code} ${outcome.message.slice(0, 200)}`);
        continue;
      }
      const text = outcome.result.content?.map((part) => (part.type === 'text' ? part.text : '')).join('') ?? '';
      if (!text) report.problems.push(`${where}: an answer without text`);
      if (outcome.kind === 'refused') {
        report.refused++;
        if (outcome.code === 'INTERNAL') report.problems.push(`${where}: internal error: ${text.slice(0, 300)}`);
      } else {
        report.success++;
        if (typeof outcome.result.structuredContent !== 'object') report.problems.push(`${where}: success without structuredContent`);
      }
    }
  }
  return report;
}
