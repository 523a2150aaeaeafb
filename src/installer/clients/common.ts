import { displayPath, findOnPath, type InstallerEnv } from '../env.js';
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

export function location(
  client: ClientId,
  scope: Scope,
  file: string,
  section: string[],
  extra: Partial<Pick<ConfigLocation, 'variant' | 'folder' | 'locked' | 'readOnly'>> = {},
): ConfigLocation {
  return { client, scope, file, section, variant: null, folder: null, locked: false, readOnly: false, ...extra };
}
