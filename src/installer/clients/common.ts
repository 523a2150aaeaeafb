import { displayPath, findOnPath, type InstallerEnv } from '../env.js';
import type { FormatId } from '../formats/index.js';
import type { ShapeId } from '../shapes.js';
import type { ClientId, ConfigLocation, Detection, Scope } from './types.js';

/** Detection by config folders and binaries on PATH, with the evidence in words. */
export function detectBy(env: InstallerEnv, folders: readonly string[], binaries: readonly string[]): Detection {
  const evidence: string[] = [];
  for (const folder of folders) {
    if (env.probe.isDirectory(folder)) evidence.push(`${displayPath(env, folder)} exists`);
  }
  for (const binary of binaries) {
    const found = findOnPath(env, binary);
    if (found) evidence.push(`${binary} on PATH (${found})`);
  }
  return { detected: evidence.length > 0, evidence };
}

type LocationExtra = Partial<Pick<ConfigLocation, 'variant' | 'folder' | 'locked' | 'readOnly' | 'section' | 'shape' | 'format'>>;

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
    ...extra,
  });
}
