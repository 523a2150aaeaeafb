import { usage } from '../../errors.js';
import { isLoopback } from '../../server/hosts.js';
import { LOG_LEVELS, type LogLevel } from '../../server/logger.js';
import { parseToolsets } from '../../server/toolsets.js';
import type { HttpSettings } from '../../server/http.js';

// The options of `orchestrator serve`, and the settings they resolve to. Plain, so that the serve entry reads them
// without loading commander.

export interface ServeOptions {
  toolsets?: string;
  listTools?: boolean;
  json?: boolean;
  logLevel?: LogLevel;
  http?: boolean;
  port?: string;
  host?: string;
  token?: string;
  allowedHosts?: string;
  allowedOrigins?: string;
}

export interface ServeSettings {
  toolsets: ReturnType<typeof parseToolsets>;
  logLevel: LogLevel;
  http: HttpSettings | null;
}

/** The settings `serve` runs with; usage errors for anything invalid, before anything starts. */
export function runServeSettings(options: ServeOptions, env: NodeJS.ProcessEnv): ServeSettings {
  const toolsets = parseToolsets(options.toolsets ?? env.ORCHESTRATOR_TOOLSETS);
  const logLevel = options.logLevel ?? parseLogLevel(env.ORCHESTRATOR_LOG_LEVEL);
  const wantsHttp = options.http === true || /^(1|true|yes)$/i.test(env.ORCHESTRATOR_HTTP ?? '');
  if (!wantsHttp) {
    const stray = (['port', 'host', 'token', 'allowedHosts', 'allowedOrigins'] as const).filter((key) => options[key] !== undefined);
    if (stray.length > 0)
      throw usage(`--${stray[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only applies with --http.`, 'Add --http, or drop the option.');
    return { toolsets, logLevel, http: null };
  }
  const host = options.host ?? env.ORCHESTRATOR_HTTP_HOST ?? '127.0.0.1';
  const portText = options.port ?? env.ORCHESTRATOR_HTTP_PORT ?? '3335';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw usage(`"${portText}" is not a port number.`, 'Use 1-65535, or 0 for any free port.');
  const token = options.token ?? (env.ORCHESTRATOR_HTTP_TOKEN || undefined);
  if (!isLoopback(host) && !token) {
    throw usage(
      `Listening on ${host} exposes the server beyond this machine, which needs a bearer token.`,
      'Set ORCHESTRATOR_HTTP_TOKEN (or --token), or listen on 127.0.0.1.',
    );
  }
  if (token !== undefined && token.length < 16)
    throw usage('The bearer token is too short.', 'Use at least 16 characters, e.g. `openssl rand -hex 24`.');
  return {
    toolsets,
    logLevel,
    http: {
      host,
      port,
      token,
      allowedHosts: list(options.allowedHosts ?? env.ORCHESTRATOR_HTTP_ALLOWED_HOSTS),
      allowedOrigins: list(options.allowedOrigins ?? env.ORCHESTRATOR_HTTP_ALLOWED_ORIGINS),
    },
  };
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw usage(`ORCHESTRATOR_LOG_LEVEL "${value}" is not a log level.`, `Use one of ${LOG_LEVELS.join(', ')}.`);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
