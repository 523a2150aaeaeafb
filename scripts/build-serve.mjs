// Builds dist/serve.cjs: everything `orchestrator serve` runs, in one file, with a V8 code cache for the Node
// that runs the build (see src/commands/serve/fast.ts). Runs after tsc, from its output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outfile = path.resolve('dist/serve.cjs');
await build({
  entryPoints: ['dist/commands/serve/bundle.js'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Packages that ship both builds: the ES modules one bundles without dynamic requires.
  mainFields: ['module', 'main'],
  sourcemap: true,
  logLevel: 'warning',
});
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const { produceCache } = await import('../dist/commands/serve/fast.js');
const cache = await produceCache(outfile, version);
console.log(`built ${path.relative('.', outfile)} and its code cache ${path.relative('.', cache)}`);
