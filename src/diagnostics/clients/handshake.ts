import { verifyServer, type ServerSpec, type VerifyOptions, type VerifyResult } from '../../installer/index.js';
import type { Machine } from '../types.js';

/**
 * How a client starts a server: no shell, in the project folder, with the SDK's small default environment and
 * this machine's HOME and PATH under the entry's own env.
 */
export function startOptions(machine: Machine, extra: Partial<VerifyOptions> = {}): VerifyOptions {
  const home = machine.env.platform === 'win32' ? 'USERPROFILE' : 'HOME';
  return {
    cwd: machine.env.cwd,
    baseEnv: { [home]: machine.env.home, PATH: machine.env.pathEnv },
    timeoutMs: machine.handshakeTimeoutMs,
    ...extra,
  };
}

/** Starts each distinct command once per run, however many configs name it. */
export function handshakeOnce(machine: Machine): (spec: ServerSpec) => Promise<VerifyResult> {
  const started = new Map<string, Promise<VerifyResult>>();
  return (spec) => {
    const key = JSON.stringify([spec.command, spec.args, spec.env ?? {}]);
    let answer = started.get(key);
    if (!answer) {
      answer = verifyServer(spec, startOptions(machine));
      started.set(key, answer);
    }
    return answer;
  };
}

/** "initialize in 176 ms, tools/list in 186 ms: 18 tools (task-orchestrator 0.1.0)". */
export function handshakeSummary(answer: Extract<VerifyResult, { ok: true }>): string {
  const tools = answer.tools === null ? 'no tools' : `${answer.tools} tool${answer.tools === 1 ? '' : 's'}`;
  return `initialize in ${answer.ms} ms, tools/list in ${answer.listMs} ms: ${tools} (${answer.server.name} ${answer.server.version})`;
}
