import { settleBackground } from '../../store/index.js';
import { prepareServe, type ServeContext } from './prepare.js';
import type { ServeOptions } from './settings.js';

/**
 * Serves until the client or a signal stops it: stdio, or Streamable HTTP with the web dashboard at `/`.
 * A plain `orchestrator serve` over stdio runs from the one-file build instead (see fast.ts and bundle.ts).
 */
export async function runServe(options: ServeOptions, context: ServeContext): Promise<void> {
  const { settings, deps, logger } = prepareServe(options, context);
  if (settings.http) {
    const [{ runHttp }, { mountDashboard }] = await Promise.all([import('../../server/http.js'), import('../dashboard/mount.js')]);
    const onError = (error: unknown) => logger.error('dashboard request failed', { error });
    const dashboard = mountDashboard(settings.http, { version: deps.version, dataDir: context.dataDir, cwd: deps.cwd, env: deps.env, onError });
    await runHttp(deps, { ...settings.http, otherPaths: dashboard.handle }, (line) => {
      const page = /(http:\S+)\/mcp/.exec(line)?.[1];
      process.stderr.write(`${line}${page ? `; the dashboard at ${page}/` : ''}\n`);
    });
    dashboard.close();
  } else {
    const { runStdio } = await import('../../server/stdio.js');
    await runStdio(deps);
  }
  // A change may have started folding the store's journal into a snapshot: let it finish before the process ends.
  await settleBackground();
}
