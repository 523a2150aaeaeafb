// `orchestrator serve` as clients use it, for the server suites: a real SDK client over stdio, and the peak memory
// of the server process read from the kernel.
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { bin } from './lib.mjs';

/**
 * Spawns `orchestrator serve` (the standard profile: the suites call its tools) and connects a client (initialize
 * included). Returns the client and the server's pid.
 */
export async function startServer(env, toolsets = 'standard') {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'serve', '--log-level', 'warn', '--toolsets', toolsets],
    env,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

/** Calls a tool that must succeed and returns its structuredContent. */
export async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
}

/** One claim + complete by `worker` through the coordination tools; the claimed id, or null when nothing was ready. */
export async function claimAndComplete(client, worker, note) {
  const { task } = await call(client, 'orchestrator_get_next_task', { worker_id: worker });
  if (!task) return null;
  await call(client, 'orchestrator_complete_subtask', { task_id: task.id, worker_id: worker, summary: note, detailed_work: note });
  return task.id;
}

/**
 * The peak resident set size of a running process in MiB: VmHWM ("high water mark") in /proc/<pid>/status, which
 * the kernel keeps for the whole life of the process. Linux only; null elsewhere.
 */
export function peakRssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
    return Number.isFinite(kib) ? kib / 1024 : null;
  } catch {
    return null;
  }
}
