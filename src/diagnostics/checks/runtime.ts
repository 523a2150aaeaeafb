import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Check, CheckResult, DiagnosticsContext } from '../types.js';
import semver from 'semver';

/** Node.js against package.json `engines`, the platform, the package version, and the data directory chosen. */
export const runtimeCheck: Check = {
  id: 'runtime',
  title: 'Runtime',
  async run(context) {
    const { runtime } = context;
    return [
      nodeResult(runtime.nodeVersion, runtime.nodeRange),
      {
        id: 'runtime.platform',
        title: 'Platform',
        status: 'ok',
        message: `${runtime.platform} ${runtime.arch} (${runtime.osRelease})`,
        details: { platform: runtime.platform, arch: runtime.arch, release: runtime.osRelease },
      },
      {
        id: 'runtime.package',
        title: 'Package',
        status: 'ok',
        message: `${runtime.packageName} ${runtime.packageVersion}`,
        details: { name: runtime.packageName, version: runtime.packageVersion },
      },
      dataDirResult(context),
    ];
  },
};

function nodeResult(version: string, range: string | undefined): CheckResult {
  const base = { id: 'runtime.node', title: 'Node.js' } as const;
  if (!range) return { ...base, status: 'ok', message: `${version} (package.json names no engine range)`, details: { version } };
  const details = { version, required: range };
  const verdict = semver.validRange(range) === null ? undefined : semver.satisfies(version, range);
  if (verdict === undefined) {
    return { ...base, status: 'warn', message: `${version}; could not evaluate the required range "${range}"`, details };
  }
  if (!verdict) {
    return {
      ...base,
      status: 'fail',
      message: `${version} does not satisfy ${range}`,
      fix: `Install a Node.js version matching ${range} (https://nodejs.org, or a version manager such as nvm or fnm).`,
      details,
    };
  }
  return { ...base, status: 'ok', message: `${version} satisfies ${range}`, details };
}

function dataDirResult(context: DiagnosticsContext): CheckResult {
  const { dir, source, reason } = context.dataDir;
  const base = { id: 'runtime.data-dir', title: 'Data directory' } as const;
  const details: Record<string, unknown> = { dir, source, reason };
  let exists = false;
  try {
    const stats = statSync(dir);
    if (!stats.isDirectory()) {
      return {
        ...base,
        status: 'fail',
        message: `${dir} exists but is not a directory (${reason})`,
        fix: 'Move that file away, or choose another directory with --data-dir.',
        details,
      };
    }
    exists = true;
  } catch {
    // Not there yet: the first change creates it, if its nearest existing parent is writable.
  }
  const writableAt = exists ? dir : nearestExisting(dir);
  const writable = canWrite(writableAt);
  Object.assign(details, { exists, writable });
  if (!writable) {
    return {
      ...base,
      status: 'fail',
      message: `${dir} (${reason}) is not writable${exists ? '' : `: cannot create it in ${writableAt}`}`,
      fix: 'Make it writable, or choose another directory with --data-dir or ORCHESTRATOR_DATA_DIR.',
      details,
    };
  }
  return { ...base, status: 'ok', message: `${dir} (${reason})${exists ? '' : '; created by the first change'}`, details };
}

function nearestExisting(dir: string): string {
  let current = path.dirname(dir);
  for (let i = 0; i < 256; i++) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
  return current;
}

function canWrite(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
