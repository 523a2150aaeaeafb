import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { ServeInvocation } from './argv.js';

// An MCP client starts `orchestrator serve` for every session and waits for it; most of that wait is loading
// code: the MCP SDK, zod, the core and the store are some 400 modules. The build puts them in one file,
// dist/serve.cjs, and this loads it with a V8 code cache, so that it is neither resolved module by module nor
// parsed again on every start. The cache matches one build and one Node version: the build makes one for the
// Node it runs on; another Node makes its own, in the temporary directory, the first time a server stays up.

type Bundle = typeof import('./bundle.js');

/** Where dist/serve.cjs is, beside this module's folder once built. */
const BUNDLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'serve.cjs');

/** The tool listings the build made with the bundle (see presetListings in server/tool.ts). */
const listingsOf = (bundle: string) => bundle.replace(/\.cjs$/, '.listings.json');

/** How long a server runs before it writes the code cache it was missing (a short-lived start never does). */
const CACHE_AFTER_MS = 1_000;

export async function serveFast(invocation: ServeInvocation, version: string): Promise<void> {
  // Over HTTP (a long-running shared server, with the dashboard and its files) start-up matters less: the modules.
  // As the command program's --store does: every part that opens a store reads it from there.
  if (invocation.store !== undefined) process.env.ORCHESTRATOR_STORE = invocation.store;
  const http = invocation.options.http === true || /^(1|true|yes)$/i.test(process.env.ORCHESTRATOR_HTTP ?? '');
  const entry: Pick<Bundle, 'runServe'> = !http && existsSync(BUNDLE) ? withListings(loadBundle(BUNDLE).bundle) : await import('./run.js');
  await entry.runServe(invocation.options, { dataDir: invocation.dataDir, version });
}

/**
 * The cache files a build and this Node may use, the build's own first. The local one is named after the bundle's
 * path, size and time (hashing 2 MB on every start would cost more than it saves) and this Node.
 */
function cacheFiles(file: string): [string, string] {
  const { size, mtimeMs } = statSync(file);
  const key = createHash('sha256').update(`${file}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16);
  return [`${file}.${process.version}.cache`, path.join(tmpdir(), `orchestrator-serve-${key}.cache`)];
}

/**
 * Evaluates the bundle as a CommonJS module, with a code cache when one matches; without one, it writes one to
 * the temporary directory once the server has run for a moment (or at once, when `produce` says where).
 */
export function loadBundle(file: string, produce?: string): { bundle: Bundle; script: Script } {
  const source = readFileSync(file, 'utf8');
  const [shipped, local] = cacheFiles(file);
  let cachedData: Buffer | undefined;
  for (const candidate of produce ? [] : [shipped, local]) {
    try {
      cachedData = readFileSync(candidate);
      break;
    } catch {
      // No cache there; try the next place, or compile without one.
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: file, ...(cachedData && { cachedData }) });
  const module = { exports: {} as Bundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  if (!produce && (!cachedData || script.cachedDataRejected)) {
    setTimeout(() => saveCache(script, local), CACHE_AFTER_MS).unref();
  }
  return { bundle: module.exports, script };
}

/** Gives the bundle the listings made with it, when they are there (without them, it converts the schemas). */
function withListings(bundle: Bundle): Bundle {
  try {
    bundle.presetListings(JSON.parse(readFileSync(listingsOf(BUNDLE), 'utf8')) as Record<string, Record<string, unknown>>);
  } catch {
    // Missing or unreadable: the listings are made from the schemas, as the modules do.
  }
  return bundle;
}

/** Writes the code cache atomically: a reader sees the old file or the new one, never half of one. */
export function saveCache(script: Script, target: string): void {
  try {
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, target);
  } catch {
    // A cache is an optimisation: without one, the next start compiles the bundle again.
  }
}

/**
 * For the build: the bundle's cache for this Node, made after a warm-up so that it holds what a start runs, and
 * the tool listings the warm-up made (every tool of every toolset), written beside the bundle.
 */
export async function produceCache(file: string, version: string): Promise<string> {
  const { bundle, script } = loadBundle(file, 'build');
  await bundle.warmUp(version);
  const [shipped] = cacheFiles(file);
  saveCache(script, shipped);
  writeFileSync(listingsOf(file), `${JSON.stringify(bundle.madeListings())}\n`);
  return shipped;
}
