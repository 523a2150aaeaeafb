// Builds dist/serve.cjs: everything `orchestrator serve` runs, in one file, with a V8 code cache for the Node
// that runs the build (see src/commands/serve/fast.ts). Runs after tsc, from its output.
import { readFileSync, writeFileSync } from 'node:fs';
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
// Packages that only some starts need: in the bundle, each is a stand-in that requires the real package from
// node_modules on first use. The PostgreSQL driver (about 40 modules) serves only a store in PostgreSQL; the YAML
// parser (about 70) only role files. A name imported from one of them that is not listed here fails the build.
const LAZY_PACKAGES = {
  pg: { default: true },
  yaml: { names: ['isMap', 'isScalar', 'isSeq', 'LineCounter', 'parseDocument'] },
};
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-package' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-package' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
      const spec = LAZY_PACKAGES[args.path];
      const lines = [`let loaded;`, `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`];
      if (spec.default) lines.push('export default new Proxy({}, { get: (_, key) => load()[key] });');
      // Functions and classes alike: called with new, the real one is constructed.
      for (const name of spec.names ?? []) {
        lines.push(`export function ${name}(...args) { const real = load().${name}; return new.target ? new real(...args) : real(...args); }`);
      }
      return { contents: lines.join('\n'), loader: 'js', resolveDir: path.resolve('dist') };
    });
  },
};
// zod bundles the messages of 64 languages (a fifth of the bundle) and uses English unless told otherwise; neither
// orchestrator nor the MCP SDK asks for another, so the bundle keeps English only (z.locales.en).
const englishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
      resolveDir: path.dirname(args.path),
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
  // Non-ASCII characters of strings, templates and regular expressions as escapes (see asciiComments).
  charset: 'ascii',
  sourcemap: true,
  plugins: [staticImports, lazyPackages, englishOnly],
  logLevel: 'warning',
});
if (readFileSync(outfile, 'utf8').includes('__esm(')) {
  throw new Error(`${outfile} has lazily initialised modules: a dynamic import() reached the bundle; add it to LAZY_IMPORTS`);
}
asciiComments(outfile);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const { produceCache } = await import('../dist/commands/serve/fast.js');
const cache = await produceCache(outfile, version);
console.log(`built ${path.relative('.', outfile)} and its code cache ${path.relative('.', cache)}`);

/**
 * A server keeps the source of the bundle in memory as long as it runs, at one byte a character only while every
 * character is Latin-1, else at two. esbuild escapes the code's non-ASCII characters but copies comments as they
 * are, and a few dashes and arrows in the packages' comments doubled what the source takes (1.5 MB more, and as
 * much again for the copy that is read before it is wrapped). They become '?', one per UTF-16 unit, so that no
 * column of the source map moves. A non-ASCII character anywhere but in a comment stops the build.
 */
function asciiComments(file) {
  const text = readFileSync(file, 'utf8');
  let inBlock = false;
  text.split('\n').forEach((line, index) => {
    const at = line.search(/[^\x00-\x7f]/);
    const trimmed = line.trimStart();
    const comment = inBlock || trimmed.startsWith('*') || trimmed.startsWith('//') || trimmed.startsWith('/*') || /\/[/*]/.test(line.slice(0, at));
    if (at !== -1 && !comment) throw new Error(`${file}:${index + 1} has a non-ASCII character outside a comment: check esbuild's charset`);
    const opens = line.lastIndexOf('/*');
    const closes = line.lastIndexOf('*/');
    if (opens > closes) inBlock = true;
    else if (closes > opens) inBlock = false;
  });
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, '?'));
}
