import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse } from '@modelcontextprotocol/sdk/types.js';

export interface InFlight {
  /** Requests received and not answered yet. */
  readonly size: number;
  /** Resolves true once every request received has been answered, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

/**
 * Counts the requests a connected transport received and has not answered yet, by wrapping its message
 * callback and its send. A shutdown waits for them, so that a change the store committed is also acknowledged.
 */
export function trackRequests(transport: Transport): InFlight {
  const pending = new Set<string | number>();
  let waiters: Array<() => void> = [];
  const settle = (id: string | number) => {
    pending.delete(id);
    if (pending.size === 0) for (const wake of waiters.splice(0)) wake();
  };
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message)) pending.add(message.id);
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    try {
      await send(message, options);
    } finally {
      if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) settle(message.id);
    }
  };
  return {
    get size() {
      return pending.size;
    },
    idle(timeoutMs) {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((wake) => wake !== done);
          resolve(false);
        }, timeoutMs);
        timer.unref();
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(done);
      });
    },
  };
}
