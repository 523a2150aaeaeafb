import { runStdio } from '../../server/stdio.js';
import { settleBackground } from '../../store/index.js';
import { prepareServe, type ServeContext } from './prepare.js';
import type { ServeOptions } from './settings.js';

// The entry of dist/serve.cjs, the one-file build of what `orchestrator serve` runs over stdio (see fast.ts).
// HTTP, with the dashboard and its assets, runs from the modules themselves (run.ts).

export { warmUp } from '../../server/warm-up.js';
export { madeListings, presetListings } from '../../server/tool.js';

/** `orchestrator serve` over stdio, as run.ts serves it. */
export async function runServe(options: ServeOptions, context: ServeContext): Promise<void> {
  const { settings, deps } = prepareServe(options, context);
  if (settings.http) throw new Error('the one-file build serves stdio only; HTTP runs from run.ts');
  await runStdio(deps);
  await settleBackground();
}
