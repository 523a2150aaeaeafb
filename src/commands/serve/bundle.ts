// The entry of dist/serve.cjs, the one-file build of everything `orchestrator serve` runs (see fast.ts).
export { runServe } from './run.js';
export { warmUp } from '../../server/warm-up.js';
