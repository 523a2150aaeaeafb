import type { TaskService } from '../core/index.js';
import type { ApplyOptions } from '../installer/apply.js';
import type { SpecContext } from '../installer/entry.js';
import type { InstallerEnv } from '../installer/env.js';
import type { DataPaths, LockOwner, LockSettings, ResolvedDataDir } from '../store/index.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor's checklist. */
export interface CheckResult {
  /** Stable identifier for scripts, e.g. `store.parse` or `locks.store.json`. */
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  /** What `--fix` / `--cleanup-locks` would do about it, or what the user should do. */
  fix?: string;
  details?: Record<string, unknown>;
}

/** A result as the report carries it: with the check that produced it. */
export interface ReportedResult extends CheckResult {
  check: string;
}

/** `locks` fixes run with `--cleanup-locks` or `--fix`; `repair` fixes only with `--fix`. */
export type FixScope = 'locks' | 'repair';

export interface FixRecord {
  check: string;
  /** `skipped`: the fix was not safe any more when the time came (e.g. the lock's holder came back). */
  status: 'fixed' | 'skipped' | 'failed';
  message: string;
}

export interface RuntimeFacts {
  nodeVersion: string;
  platform: string;
  arch: string;
  osRelease: string;
  packageName: string;
  packageVersion: string;
  /** package.json `engines.node`. */
  nodeRange: string | undefined;
}

/** Everything a check may look at. Built once per run (see environment.ts); tests build their own. */
export interface DiagnosticsContext {
  dataDir: ResolvedDataDir;
  paths: DataPaths;
  service: TaskService;
  lock: LockSettings;
  now: () => Date;
  /** Who the fixes are recorded as in the event log. */
  actor: string;
  runtime: RuntimeFacts;
  /** Sizes above which a store file is reported as large. */
  thresholds: { storeBytes: number; eventsBytes: number };
  /** Whether a lock's holder runs: a boolean for a local process, undefined for one on another host. */
  isAlive: (owner: LockOwner) => boolean | undefined;
  /** Client ids given with `--client` (empty: every detected client). */
  clients: readonly string[];
  machine: Machine;
}

/** The machine as MCP clients see it. Built from this process; tests point every path into temporary folders. */
export interface Machine {
  /** Where client configs and binaries are, PATH, the project: the installer's environment. */
  env: InstallerEnv;
  /** This installation's Node and bin/orchestrator.js: what `install` writes and the server check starts. */
  spec: SpecContext;
  /** The PATH of an app started from the Dock or a desktop launcher, without a shell profile; '' where unknown. */
  desktopPath: string;
  /** How long a started server has to answer `initialize` and `tools/list`. */
  handshakeTimeoutMs: number;
  /** How repairs of client entries are applied (tests pass a clock and lock settings). */
  apply?: ApplyOptions;
}

/**
 * One module under checks/ exports one Check. `run` only looks; `fix`, when there is one, applies the safe
 * fixes for what `run` found and says what it did. A slow check names each step with `progress`.
 */
export interface Check {
  id: string;
  title: string;
  /** Whether the check has anything to look at here (the database check, for a file store, has not). */
  appliesTo?(context: DiagnosticsContext): boolean;
  run(context: DiagnosticsContext, progress?: (step: string) => void): Promise<CheckResult[]>;
  fix?: {
    scope: FixScope;
    apply(context: DiagnosticsContext, found: readonly CheckResult[]): Promise<FixRecord[]>;
  };
}
