import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DRAIN_MS } from './connection.js';
import { createServer, type ServerDeps } from './create-server.js';
import { trackRequests } from './in-flight.js';

/**
 * Serves one client over stdin/stdout until the client closes stdin or the process is asked to stop; then waits
 * for calls in flight so that no acknowledged change is cut off. Resolves when the server has stopped.
 */
export async function runStdio(
  deps: ServerDeps,
  io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {},
): Promise<void> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const { server, connection, close } = createServer(deps);
  const transport = new StdioServerTransport(stdin as never, stdout as never);
  const stopped = new Promise<string>((resolve) => {
    stdin.once('end', () => resolve('stdin closed'));
    stdin.once('close', () => resolve('stdin closed'));
    // A client that went away closes the pipe under us: stop instead of dying on EPIPE.
    stdout.once('error', () => resolve('stdout closed'));
    server.server.onclose = () => resolve('connection closed');
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await server.connect(transport);
  const inFlight = trackRequests(transport);
  deps.logger.info('serving on stdio', { dataDir: connection.dataDir, toolsets: deps.toolsets.join(','), pid: process.pid });
  const reason = await stopped;
  // Requests read before stdin closed are still answered: their changes may already be in the store.
  if (!(await inFlight.idle(DRAIN_MS)))
    deps.logger.warn('stopped with requests unanswered', { pending: inFlight.size, waitedMs: DRAIN_MS });
  await close();
  deps.logger.info('stopped', { reason });
}
