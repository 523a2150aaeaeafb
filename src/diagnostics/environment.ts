import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { openTaskService } from '../core/index.js';
import { thisInstallation } from '../installer/launch.js';
import { installerEnv } from '../installer/env.js';
import { DEFAULT_VERIFY_TIMEOUT_MS } from '../installer/verify.js';
import { holderRunning, lockSettingsFromEnv } from '../store/index.js';
import { desktopPath } from './clients/command.js';
import type { DiagnosticsContext, Machine, RuntimeFacts } from './types.js';

const MiB = 1024 * 1024;

/** Sizes above which doctor suggests `db optimize`. */
export const DEFAULT_THRESHOLDS = { storeBytes: 8 * MiB, eventsBytes: 16 * MiB };

export interface EnvironmentInput {
  dataDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  actor: string;
  clients?: readonly string[];
}

/** The context checks run in, for this process: resolved data directory, its task service, the runtime. */
export function diagnosticsContext(input: EnvironmentInput): DiagnosticsContext {
  const env = input.env ?? process.env;
  const { service, dataDir, paths } = openTaskService({ dataDir: input.dataDir, env, ...(input.cwd && { cwd: input.cwd }) });
  return {
    dataDir,
    paths,
    service,
    lock: lockSettingsFromEnv(env),
    now: () => new Date(),
    actor: input.actor,
    runtime: runtimeFacts(),
    thresholds: DEFAULT_THRESHOLDS,
    isAlive: holderRunning,
    clients: input.clients ?? [],
    machine: thisMachine(env, input.cwd ?? process.cwd()),
  };
}

/** This machine: its client configs, PATH and project folder, and the Node running now with our bin script. */
export function thisMachine(env: NodeJS.ProcessEnv, cwd: string): Machine {
  const machineEnv = installerEnv({ cwd }, env);
  return {
    env: machineEnv,
    spec: thisInstallation(machineEnv),
    desktopPath: desktopPath(machineEnv.platform),
    handshakeTimeoutMs: DEFAULT_VERIFY_TIMEOUT_MS,
  };
}

export function runtimeFacts(): RuntimeFacts {
  return {
    nodeVersion: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: release(),
    ...packageFacts(),
  };
}

/** package.json sits two levels above this module both in src/diagnostics and in dist/diagnostics. */
function packageFacts(): Pick<RuntimeFacts, 'packageName' | 'packageVersion' | 'nodeRange'> {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
    engines?: { node?: string };
  };
  return { packageName: pkg.name, packageVersion: pkg.version, nodeRange: pkg.engines?.node };
}
