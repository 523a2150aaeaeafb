import { PassThrough } from 'node:stream';
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import { DRAIN_MS, SharedState } from './connection.js';
import { createServer, type CreatedServer, type ServerDeps } from './create-server.js';
import { countRequests } from './in-flight.js';
import { locateStore } from '../core/index.js';

/**
 * Serves one client over stdin/stdout until the client closes stdin or the process is asked to stop; then waits
 * for calls in flight so that no acknowledged change is cut off. Resolves when the server has stopped.
 * The opening message decides the protocol revision of the connection (2026-07-28, or 2025-11-25 and older).
 */
export async function runStdio(deps: ServerDeps, io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {}): Promise<void> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const shared = SharedState.of(deps);
  // The SDK's transport closes (and aborts what is running) as soon as stdin ends; requests read before that
  // must still be answered, so it reads from a stream that stays open until they are.
  const input = new PassThrough();
  stdin.on('data', (chunk: Buffer) => input.write(chunk));
  const { transport, inFlight } = countRequests(new StdioServerTransport(input, stdout as never));
  let created: CreatedServer | undefined;
  let resolveStopped!: (reason: string) => void;
  const stopped = new Promise<string>((resolve) => (resolveStopped = resolve));
  const handle = serveStdio(
    () => {
      created = createServer({ ...deps, shared });
      created.server.server.onclose = () => resolveStopped('connection closed');
      return created.server;
    },
    { transport, onerror: (error) => deps.logger.warn('protocol error', { error: error.message }) },
  );
  stdin.once('end', () => resolveStopped('stdin closed'));
  stdin.once('close', () => resolveStopped('stdin closed'));
  // A client that went away closes the pipe under us: stop instead of dying on EPIPE.
  stdout.once('error', () => resolveStopped('stdout closed'));
  process.once('SIGINT', () => resolveStopped('SIGINT'));
  process.once('SIGTERM', () => resolveStopped('SIGTERM'));
  const { dir } = locateStore({ flag: deps.dataDir, env: deps.env, cwd: deps.cwd, home: deps.home });
  deps.logger.info('serving on stdio', { dataDir: dir, toolsets: deps.toolsets.names.join(','), pid: process.pid });
  const reason = await stopped;
  if (!(await inFlight.idle(DRAIN_MS))) deps.logger.warn('stopped with requests unanswered', { pending: inFlight.size, waitedMs: DRAIN_MS });
  input.end();
  await handle.close();
  await created?.close();
  deps.logger.info('stopped', { reason });
}
