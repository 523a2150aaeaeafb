import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OrchestratorError } from '../../errors.js';
import { isLoopback } from '../../server/hosts.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../server/logger.js';
import { parseToolsets } from '../../server/toolsets.js';
import type { ServerDeps } from '../../server/create-server.js';
import type { HttpSettings } from '../../server/http.js';

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

/** Resolves the options (flags over ORCHESTRATOR_* variables) and serves until the client or a signal stops it. */
export async function serve(options: ServeOptions, command: Command): Promise<void> {
  if (options.listTools) return printToolList(options.json === true);
  if (options.json) throw usage('--json only applies with --list-tools.', 'Add --list-tools, or drop --json.');
  const env = process.env;
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
  const settings = runServeSettings(options, env);
  const logger = createLogger({ stream: process.stderr, level: settings.logLevel });
  const deps: ServerDeps = { version: packageVersion(), env, cwd: process.cwd(), dataDir, toolsets: settings.toolsets, logger };
  // Every tool call already turns errors into results; anything that still escapes is a bug to log, not a reason
  // to drop every client of a long-running server.
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection (a bug in orchestrator)', { error }));
  if (settings.http) {
    const { runHttp } = await import('../../server/http.js');
    await runHttp(deps, settings.http, (line) => process.stderr.write(`${line}\n`));
  } else {
    const { runStdio } = await import('../../server/stdio.js');
    await runStdio(deps);
  }
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
      throw usage(
        `--${stray[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only applies with --http.`,
        'Add --http, or drop the option.',
      );
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

async function printToolList(json: boolean): Promise<void> {
  const { listProfileTools } = await import('../../server/list-tools.js');
  const profiles = await listProfileTools(packageVersion());
  if (json) {
    process.stdout.write(`${JSON.stringify({ profiles }, null, 2)}\n`);
    return;
  }
  const number = (n: number) => n.toLocaleString('en');
  const width = Math.max(...profiles.flatMap((profile) => profile.tools.map((tool) => tool.name.length)));
  for (const profile of profiles) {
    const budget = profile.budget === null ? '' : ` (budget ${number(profile.budget)} characters)`;
    process.stdout.write(
      `${profile.profile}: ${profile.tools.length} tools, ${number(profile.characters)} characters ≈ ${number(profile.tokens)} tokens${budget}\n`,
    );
    for (const tool of profile.tools)
      process.stdout.write(`  ${tool.name.padEnd(width)}  ${number(tool.characters).padStart(6)}  ≈${number(tool.tokens).padStart(5)}  ${tool.toolset}\n`);
    process.stdout.write('\n');
  }
  process.stdout.write('Characters: name, title, description and input schema of each tool as JSON, as clients list them; tokens ≈ characters / 4.\n');
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

function usage(message: string, hint: string): OrchestratorError {
  return new OrchestratorError(message, { code: 'USAGE', hint });
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
