import type { ClientId } from '../../installer/index.js';
import type { CheckStatus } from '../types.js';

/** Clients that cap the tools they hand to the model, and how. */
export const TOOL_LIMITS: Partial<Record<ClientId, { limit: number; rule: string }>> = {
  cursor: { limit: 40, rule: 'Cursor passes only the first 40 tools of all its servers together to the model' },
  windsurf: { limit: 100, rule: 'Windsurf allows 100 tools across all its servers' },
  vscode: { limit: 128, rule: 'VS Code sends at most 128 tools with a request' },
};

/** Above this share of a limit, our server alone leaves little room for any other. */
export const CLOSE_SHARE = 0.75;

export interface ToolBudget {
  status: CheckStatus;
  message: string;
  fix?: string;
}

/**
 * Our tool count against a client's limit. Only our server is counted (the others are not started), so an ok
 * here does not mean the client's total fits: the message says how many other servers share the limit.
 */
export function toolBudget(count: number, limit: { limit: number; rule: string }, name: string, otherServers: number): ToolBudget {
  const others =
    otherServers === 0
      ? 'no other server in this file'
      : otherServers === 1
        ? '1 other server in this file adds theirs'
        : `${otherServers} other servers in this file add theirs`;
  const counted = `counts only ${name}; ${others}`;
  const fix = 'Offer fewer tools: set "ORCHESTRATOR_TOOLSETS" in the entry\'s "env" (e.g. "workflow,coordination"), or pass --toolsets to serve.';
  if (count > limit.limit) {
    return { status: 'warn', message: `${count} tools, over the limit of ${limit.limit}: ${limit.rule} (${counted})`, fix };
  }
  if (count > limit.limit * CLOSE_SHARE) {
    return {
      status: 'warn',
      message: `${count} of ${limit.limit} tools, close to the limit before any other server: ${limit.rule} (${counted})`,
      fix,
    };
  }
  return { status: 'ok', message: `${count} of ${limit.limit} tools (${counted})` };
}
