import { displayPath, fileExists, findOnPath, pathsOf, type InstallerEnv } from '../env.js';
import type { FormatId } from '../formats/index.js';
import type { ShapeId } from '../shapes.js';
import type { ClientId, ConfigLocation, Detection, Scope } from './types.js';

/** Detection by config folders (or files) and binaries on PATH, with the evidence in words. */
export function detectBy(env: InstallerEnv, folders: readonly string[], binaries: readonly string[], files: readonly string[] = []): Detection {
  const evidence: string[] = [];
  for (const folder of folders) {
    if (env.probe.isDirectory(folder)) evidence.push(`${displayPath(env, folder)} exists`);
  }
  for (const file of files) {
    if (fileExists(env, file)) evidence.push(`${displayPath(env, file)} exists`);
  }
  for (const binary of binaries) {
    const found = findOnPath(env, binary);
    if (found) evidence.push(`${binary} on PATH (${found})`);
  }
  return { detected: evidence.length > 0, evidence };
}

/**
 * The user folder of VS Code or VS Code Insiders, where its mcp.json is and where extensions keep their
 * globalStorage: `~/Library/Application Support/<product>/User`, `%APPDATA%\<product>\User`, or
 * `$XDG_CONFIG_HOME/<product>/User`.
 */
export function vscodeUserFolder(env: InstallerEnv, product: 'Code' | 'Code - Insiders'): string {
  const p = pathsOf(env);
  const base =
    env.platform === 'darwin' ? p.join(env.home, 'Library', 'Application Support') : env.platform === 'win32' ? env.appData : env.xdgConfigHome;
  return p.join(base, product, 'User');
}

/** The editors an extension (Cline, Roo Code, Kilo Code) may live in, with the folder its globalStorage uses. */
export function extensionStorages(env: InstallerEnv, extension: string): Array<{ editor: string; folder: string }> {
  const p = pathsOf(env);
  return (['Code', 'Code - Insiders'] as const).map((product) => ({
    editor: product === 'Code' ? 'VS Code' : 'VS Code Insiders',
    folder: p.join(vscodeUserFolder(env, product), 'globalStorage', extension),
  }));
}

/** The first of `files` that exists, or `fallback`: for clients that read one of several names. */
export function firstExisting(env: InstallerEnv, files: readonly string[], fallback: string): string {
  return files.find((file) => fileExists(env, file)) ?? fallback;
}

type LocationExtra = Partial<Pick<ConfigLocation, 'variant' | 'folder' | 'locked' | 'readOnly' | 'section' | 'shape' | 'format' | 'mustExist'>>;

/** The config locations of one client: where its servers are (section), how it spells them, in which format. */
export function locator(client: ClientId, how: { section: string[]; shape: ShapeId; format?: FormatId }) {
  return (scope: Scope, file: string, extra: LocationExtra = {}): ConfigLocation => ({
    client,
    scope,
    file,
    section: how.section,
    shape: how.shape,
    format: how.format ?? 'json',
    variant: null,
    folder: null,
    locked: false,
    readOnly: false,
    mustExist: null,
    ...extra,
  });
}

/**
 * The usual two places: for the user scope a file in the client's own folder (whose existence shows the client
 * is installed), for the project scope a file under the project; no other scope.
 */
export function folderLocations(
  at: ReturnType<typeof locator>,
  env: InstallerEnv,
  scope: Scope,
  where: { folder: string; file: readonly string[]; project: readonly string[] },
): ConfigLocation[] {
  const p = pathsOf(env);
  if (scope === 'user') return [at('user', p.join(where.folder, ...where.file), { folder: where.folder })];
  if (scope === 'project') return [at('project', p.join(env.cwd, ...where.project))];
  return [];
}
