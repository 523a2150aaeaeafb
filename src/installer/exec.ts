// The one module that starts other programs through execa (the installer's `claude mcp …`, diagnostics' checks).
// No shell: arguments reach the program exactly as given, whatever characters a path or a JSON string holds.
// execa is loaded on the first command: it costs about 100 ms, which `orchestrator clients` need not pay.

export interface RunOptions {
  cwd?: string;
  /** Laid over this process's environment; an undefined value removes the variable. */
  env?: Record<string, string | undefined>;
  /** Killed after this long; default 30 s. */
  timeoutMs?: number;
}

export interface RunResult {
  ok: boolean;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The program could not be started at all (ENOENT, EACCES). */
  notStarted: boolean;
  /** One line saying what went wrong, empty when ok. */
  message: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export async function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { execa } = await import('execa');
  const result = await execa(command, [...args], {
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    windowsHide: true,
    ...(options.cwd && { cwd: options.cwd }),
    ...(options.env && { env: options.env }),
  });
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  const code = (result as { code?: string }).code;
  return {
    ok: !result.failed,
    exitCode: result.exitCode,
    stdout,
    stderr,
    timedOut: Boolean(result.timedOut),
    notStarted: result.failed && result.exitCode === undefined && !result.timedOut && code !== undefined,
    message: result.failed ? (result.shortMessage ?? 'failed').split('\n')[0]! : '',
  };
}
