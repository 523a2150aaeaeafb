import { buildServerSpec, commandLine, verifyServer, withStore, type CalledTool } from '../../installer/index.js';
import { PgDocumentStore } from '../../store/index.js';
import { handshakeSummary, startOptions } from '../clients/handshake.js';
import type { Check, CheckResult } from '../types.js';

const HEALTH_TOOL = 'orchestrator_health_check';

/**
 * Starts `orchestrator serve` on the resolved data directory (or database) as a client would (this Node, our bin
 * script, `--data-dir`, no shell, a small environment), completes `initialize` and `tools/list`, and asks the server's
 * health tool how it sees the store. The server starts even on a store that does not parse (it reads the store
 * per call), so that case is the health result failing, not the handshake.
 */
export const serverCheck: Check = {
  id: 'server',
  title: 'Server',
  async run(context, progress) {
    const { machine } = context;
    const store = context.service.store;
    const started = buildServerSpec({ launcher: 'node', dataDir: context.dataDir.dir }, machine.spec);
    // On a PostgreSQL store the server is pointed at the same database, as an entry written by `install --store` is.
    const spec = store instanceof PgDocumentStore ? withStore(started, store.url) : started;
    // Short: a spinner line that wraps cannot be cleared.
    progress?.('starting orchestrator serve');
    const answer = await verifyServer(spec, startOptions(machine, { call: HEALTH_TOOL }));
    const details = { command: spec.command, args: spec.args, ...answer };
    if (!answer.ok) {
      return [
        {
          id: 'server.handshake',
          title: 'Handshake',
          status: 'fail',
          message: `\`${commandLine(spec)}\`: ${answer.message}`,
          fix: answer.fix,
          details,
        },
      ];
    }
    const handshake: CheckResult = { id: 'server.handshake', title: 'Handshake', status: 'ok', message: handshakeSummary(answer), details };
    return [handshake, ...(answer.called ? [healthResult(answer.called)] : [])];
  },
};

interface Health {
  status?: string;
  pid?: number;
  checks?: Array<{ name: string; ok: boolean; message: string; hint?: string }>;
}

/** ok / degraded / error from the server's own health tool: what a connected agent would be told. */
function healthResult(called: CalledTool): CheckResult {
  const base = { id: 'server.health', title: 'Health' } as const;
  const health = (called.data ?? {}) as Health;
  const details = { tool: called.name, status: health.status ?? null, pid: health.pid ?? null, checks: health.checks ?? [] };
  if (called.isError || !health.status) {
    const message = `${called.name} failed: ${called.text.split('\n')[0]}`;
    return { ...base, status: 'fail', message, fix: 'Run `orchestrator serve --log-level debug` to see the error.', details };
  }
  const failed = (health.checks ?? []).filter((check) => !check.ok);
  if (health.status === 'ok')
    return { ...base, status: 'ok', message: (health.checks ?? []).map((check) => `${check.name}: ${check.message}`).join('; '), details };
  const message = failed.map((check) => `${check.name}: ${check.message}`).join('; ');
  const hint = failed.find((check) => check.hint)?.hint;
  if (health.status === 'error') {
    return {
      ...base,
      status: 'fail',
      message: `the server runs, but every task tool will fail: ${message}`,
      fix: hint ?? 'See the Store results above.',
      details,
    };
  }
  return { ...base, status: 'warn', message: `degraded: ${message}`, ...(hint && { fix: hint }), details };
}
