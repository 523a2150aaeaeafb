import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse, type Transport } from '@modelcontextprotocol/server';

export interface InFlight {
  /** Requests received and not answered yet. */
  readonly size: number;
  /** Resolves true once every request received has been answered, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

/**
 * Counts the requests a transport delivers and has not answered yet. The returned transport stands in for the
 * given one (everything else passes through), so whoever connects to it is counted: a shutdown waits for those
 * requests, so that a change the store committed is also acknowledged.
 */
export function countRequests<T extends Transport>(inner: T): { transport: T; inFlight: InFlight } {
  const pending = new Set<string | number>();
  let waiters: Array<() => void> = [];
  const settle = (id: string | number) => {
    pending.delete(id);
    if (pending.size === 0) for (const wake of waiters.splice(0)) wake();
  };
  const send: Transport['send'] = async (message, options) => {
    try {
      await inner.send(message, options);
    } finally {
      if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) settle(message.id);
    }
  };
  const transport = new Proxy(inner, {
    get(target, property) {
      if (property === 'send') return send;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(target, property, value) {
      if (property === 'onmessage' && typeof value === 'function') {
        const receive = value as NonNullable<Transport['onmessage']>;
        target.onmessage = (message, extra) => {
          // A subscription stays open for the whole connection: it is not work to wait for.
          if (isJSONRPCRequest(message) && message.method !== 'subscriptions/listen') pending.add(message.id);
          receive(message, extra);
        };
        return true;
      }
      return Reflect.set(target, property, value, target);
    },
  });
  const inFlight: InFlight = {
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
  return { transport, inFlight };
}
