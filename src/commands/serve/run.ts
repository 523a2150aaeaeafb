import { createLogger } from '../../server/logger.js';
import { settleBackground } from '../../store/index.js';
import type { ServerDeps } from '../../server/create-server.js';
import { runServeSettings, type ServeOptions } from './settings.js';

/**
 * Resolves the options (flags over ORCHESTRATOR_* variables) and serves until the client or a signal stops it.
 * This module is the serve entry: `orchestrator serve` reaches it without the command program (see fast.ts).
 */
export async function runServe(options: ServeOptions, context: { dataDir: string | undefined; version: string }): Promise<void> {
  const env = process.env;
  const settings = runServeSettings(options, env);
  const logger = createLogger({ stream: process.stderr, level: settings.logLevel });
  const deps: ServerDeps = { version: context.version, env, cwd: process.cwd(), dataDir: context.dataDir, toolsets: settings.toolsets, logger };
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
  // A change may have started folding the store's journal into a snapshot: let it finish before the process ends.
  await settleBackground();
}
