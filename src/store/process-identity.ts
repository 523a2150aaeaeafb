import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who a process is, precisely enough that a recycled pid is never mistaken for the process that held a lock:
 * the pid, when that process started, and which boot and pid namespace of which host it runs in.
 */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Opaque start time of the process (clock ticks since boot on Linux, `ps` lstart elsewhere); absent when unknown. */
  startTime?: string;
  /** Changes at every boot (Linux): a lock from before a reboot belongs to a process that is gone. */
  bootId?: string;
  /** The pid namespace (Linux): pids of another namespace (a container) say nothing about this one. */
  pidNamespace?: string;
}

let self: ProcessIdentity | undefined;

/** This process's identity, computed once. */
export function currentProcess(): ProcessIdentity {
  if (!self) {
    const startTime = processStartTime(process.pid);
    const bootId = readTrimmed('/proc/sys/kernel/random/boot_id');
    const pidNamespace = namespaceOf('self');
    self = {
      pid: process.pid,
      host: hostname(),
      ...(startTime !== undefined && { startTime }),
      ...(bootId !== undefined && { bootId }),
      ...(pidNamespace !== undefined && { pidNamespace }),
    };
  }
  return self;
}

/**
 * Whether `other` runs in this process's world (same host, boot and pid namespace), where its pid can be
 * checked. A process elsewhere (another host sharing a network folder, a container) can only be judged by how
 * recently it showed signs of life.
 */
export function isLocal(other: Pick<ProcessIdentity, 'host' | 'bootId' | 'pidNamespace'>): boolean {
  const me = currentProcess();
  if (other.host !== me.host) return false;
  if (other.pidNamespace !== undefined && me.pidNamespace !== undefined && other.pidNamespace !== me.pidNamespace) return false;
  return true;
}

/**
 * Whether the local process `other` still runs. A different boot, a pid that no longer exists, or a pid now
 * used by a process that started at another time all mean it is gone.
 */
export function isRunning(other: ProcessIdentity): boolean {
  const me = currentProcess();
  if (other.bootId !== undefined && me.bootId !== undefined && other.bootId !== me.bootId) return false;
  if (!pidExists(other.pid)) return false;
  if (other.startTime === undefined) return true;
  const startTime = processStartTime(other.pid);
  // Unknown (a process we may not inspect) counts as running: never take a lock from a process that may live.
  return startTime === undefined || startTime === other.startTime;
}

/** `kill(pid, 0)` checks without signalling: ESRCH means no such process, EPERM one we may not signal. */
export function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a local process, for messages; undefined when it cannot be read. */
export function commandLine(pid: number): string | undefined {
  const raw = readTrimmed(`/proc/${pid}/cmdline`);
  if (raw === undefined) return psField(pid, 'command=');
  const words = raw.split('\0').filter(Boolean);
  return words.length > 0 ? words.join(' ') : undefined;
}

function processStartTime(pid: number): string | undefined {
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (stat !== undefined) {
    // Field 2 (the command name) may hold spaces and parentheses: count fields from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 22, starttime; fields[0] is field 3.
    return fields[19];
  }
  if (process.platform === 'linux' || process.platform === 'win32') return undefined;
  // Without /proc this runs `ps`, and a lock waiter asks every few milliseconds: the answer is kept for a moment.
  // A process that ends meanwhile is still seen at once (isRunning checks that the pid exists first).
  const now = Date.now();
  const cached = psStartTimes.get(pid);
  if (cached && now - cached.at < PS_CACHE_MS) return cached.startTime;
  const startTime = psField(pid, 'lstart=');
  if (psStartTimes.size >= 64) psStartTimes.clear();
  psStartTimes.set(pid, { at: now, startTime });
  return startTime;
}

const PS_CACHE_MS = 500;
const psStartTimes = new Map<number, { at: number; startTime: string | undefined }>();

function psField(pid: number, field: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', field, '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

function namespaceOf(pid: number | 'self'): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
