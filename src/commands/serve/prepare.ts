import type { ServerDeps } from '../../server/create-server.js';
import { createLogger, type Logger } from '../../server/logger.js';
import { runServeSettings, type ServeOptions, type ServeSettings } from './settings.js';

export interface ServeContext {
  dataDir: string | undefined;
  version: string;
}

/** Resolves the options (flags over ORCHESTRATOR_* variables) into what the server runs with. */
export function prepareServe(options: ServeOptions, context: ServeContext): { settings: ServeSettings; deps: ServerDeps; logger: Logger } {
  const env = process.env;
  const settings = runServeSettings(options, env);
  const logger = createLogger({ stream: process.stderr, level: settings.logLevel });
  const deps: ServerDeps = { version: context.version, env, cwd: process.cwd(), dataDir: context.dataDir, toolsets: settings.toolsets, logger };
  // Every tool call already turns errors into results; anything that still escapes is a bug to log, not a reason
  // to drop every client of a long-running server.
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection (a bug in orchestrator)', { error }));
  return { settings, deps, logger };
}
