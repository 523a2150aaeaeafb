import type { IncomingMessage, ServerResponse } from 'node:http';
import { openTaskService } from '../../core/index.js';
import type { DashboardHandler } from '../../dashboard/index.js';
import { dashboardActor } from './deps.js';

export interface MountSettings {
  host: string;
  port: number;
  token?: string | undefined;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
}

/**
 * The dashboard for `serve --http`, answering every path but /mcp with the server's own host, port, token and
 * origin settings. It is built on the first request, so a server nobody opens in a browser pays nothing for it.
 */
export function mountDashboard(
  settings: MountSettings,
  options: { version: string; dataDir?: string | undefined; cwd: string; env: NodeJS.ProcessEnv; onError: (error: unknown) => void },
): { handle(req: IncomingMessage, res: ServerResponse): Promise<void>; close(): void } {
  const security = { ...settings };
  let handler: Promise<DashboardHandler> | undefined;
  const create = async () => {
    const { createDashboardHandler } = await import('../../dashboard/index.js');
    const { service, dataDir } = openTaskService({ dataDir: options.dataDir, cwd: options.cwd, env: options.env });
    return createDashboardHandler({
      service,
      ...dashboardActor(dataDir.dir, options.env),
      version: options.version,
      security,
      onError: options.onError,
    });
  };
  return {
    async handle(req, res) {
      // With --port 0 the port is known once a request arrives on it.
      if (security.port === 0 && req.socket.localPort) security.port = req.socket.localPort;
      handler ??= create();
      await (await handler).handle(req, res);
    },
    close() {
      void handler?.then(
        (created) => created.close(),
        () => {},
      );
    },
  };
}
