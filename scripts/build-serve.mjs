// Builds dist/serve.cjs: everything `orchestrator serve` runs, in one file, with a V8 code cache for the Node
// that runs the build (see src/commands/serve/fast.ts). Runs after tsc, from its output.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const outfile = path.resolve('dist/serve.cjs');

// A dynamic import() makes esbuild wrap the imported module and everything it imports (zod among them) in lazy
// initialisers, and the MCP SDK's own zod imports then run before zod is initialised. In one file a lazy import
// saves nothing worth that: these become static imports.
const LAZY_IMPORTS = [{ file: /dist[\\/]roles[\\/]role-files\.js$/, specifier: './parse-file.js' }];
const staticImports = {
  name: 'static-imports',
  setup(build) {
    for (const { file, specifier } of LAZY_IMPORTS) {
      build.onLoad({ filter: file }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const call = `await import('${specifier}')`;
        if (!text.includes(call)) throw new Error(`${args.path} no longer has ${call}: update scripts/build-serve.mjs`);
        const contents = `import * as __lazy from '${specifier}';\n${text.replaceAll(call, '__lazy')}`;
        return { contents, loader: 'js' };
      });
    }
  },
};
// The PostgreSQL driver (about 40 modules) is needed only by a store in PostgreSQL: in the bundle, \`pg\` is a
// stand-in that requires the real package from node_modules on first use.
const lazyPg = {
  name: 'lazy-pg',
  setup(build) {
    build.onResolve({ filter: /^pg$/ }, (args) =>
      args.namespace === 'lazy-pg' ? { path: 'pg', external: true } : { path: 'pg', namespace: 'lazy-pg' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-pg' }, () => ({
      contents: "let pg;\nmodule.exports = new Proxy({}, { get: (_, key) => (pg ??= require('pg'))[key] });\n",
      loader: 'js',
      resolveDir: path.resolve('dist'),
    }));
  },
};
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
  plugins: [staticImports, lazyPg],
  logLevel: 'warning',
});
if (readFileSync(outfile, 'utf8').includes('__esm(')) {
  throw new Error(`${outfile} has lazily initialised modules: a dynamic import() reached the bundle; add it to LAZY_IMPORTS`);
}
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const { produceCache } = await import('../dist/commands/serve/fast.js');
const cache = await produceCache(outfile, version);
console.log(`built ${path.relative('.', outfile)} and its code cache ${path.relative('.', cache)}`);
