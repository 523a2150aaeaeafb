import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OrchestratorError } from '../../errors.js';
import { openTaskService } from '../../core/index.js';
import { startDashboard, type SecuritySettings } from '../../dashboard/index.js';
import { isLoopback } from '../../server/hosts.js';
import { dashboardActor } from './deps.js';

export interface DashboardOptions {
  port?: string;
  host?: string;
  token?: string;
  readOnly?: boolean;
  open?: boolean;
}

export interface DashboardSettings {
  security: SecuritySettings;
  readOnly: boolean;
  open: boolean;
}

export const DEFAULT_DASHBOARD_PORT = 3336;

/** The settings the dashboard runs with (flags over ORCHESTRATOR_DASHBOARD_* variables); usage errors first. */
export function dashboardSettings(options: DashboardOptions, env: NodeJS.ProcessEnv): DashboardSettings {
  const host = options.host ?? '127.0.0.1';
  const portText = options.port ?? env.ORCHESTRATOR_DASHBOARD_PORT ?? String(DEFAULT_DASHBOARD_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw usage(`"${portText}" is not a port number.`, 'Use 1-65535, or 0 for any free port.');
  const token = options.token ?? (env.ORCHESTRATOR_DASHBOARD_TOKEN || undefined);
  if (!isLoopback(host) && !token) {
    throw usage(
      `Listening on ${host} shows the store beyond this machine, which needs a token.`,
      'Set ORCHESTRATOR_DASHBOARD_TOKEN (or --token), or listen on 127.0.0.1.',
    );
  }
  if (token !== undefined && token.length < 16) throw usage('The token is too short.', 'Use at least 16 characters, e.g. `openssl rand -hex 24`.');
  return { security: { host, port, token }, readOnly: options.readOnly === true, open: options.open === true };
}

/** Serves the dashboard until SIGINT or SIGTERM. The address is the first line on stdout. */
export async function dashboard(options: DashboardOptions, command: Command): Promise<void> {
  const env = process.env;
  const settings = dashboardSettings(options, env);
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
  const { service, dataDir: resolved } = openTaskService({ dataDir, env });
  const running = await startDashboard({
    service,
    ...dashboardActor(resolved.dir, env),
    version: packageVersion(),
    security: settings.security,
    readOnly: settings.readOnly,
    onError: (error) => process.stderr.write(`orchestrator dashboard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });
  process.stdout.write(`${running.url}\n`);
  process.stderr.write(`orchestrator dashboard: ${resolved.dir}${settings.readOnly ? ' (read-only)' : ''}; press Ctrl-C to stop\n`);
  if (settings.open) openBrowser(running.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
}

/** Opens the address with the desktop's own opener; a machine without one just keeps the printed address. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
    child.unref();
  } catch {
    process.stderr.write(`Could not open a browser; open ${url} yourself.\n`);
  }
}

function usage(message: string, hint: string): OrchestratorError {
  return new OrchestratorError(message, { code: 'USAGE', hint });
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
