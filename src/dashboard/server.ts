import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OrchestratorError } from '../errors.js';
import { createDashboardHandler, type DashboardDeps } from './handler.js';

export interface RunningDashboard {
  /** The address to open, with `?token=` when a token is required. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the dashboard on its own port (`orchestrator dashboard`). `deps.security.port` 0 picks a free port. */
export async function startDashboard(deps: DashboardDeps): Promise<RunningDashboard> {
  const security = deps.security;
  const handler = createDashboardHandler(deps);
  const http = createServer((req, res) => void handler.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new OrchestratorError(`Port ${security.port} on ${security.host} is in use.`, {
              code: 'USAGE',
              hint: 'Pass another --port, or --port 0 for any free one.',
            })
          : error,
      ),
    );
    http.listen(security.port, security.host, () => resolve());
  });
  security.port = (http.address() as AddressInfo).port;
  const host = security.host.includes(':') && !security.host.startsWith('[') ? `[${security.host}]` : security.host;
  const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  const query = security.token ? `?token=${encodeURIComponent(security.token)}` : '';
  return {
    url: `http://${shown}:${security.port}/${query}`,
    port: security.port,
    async close() {
      handler.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}
