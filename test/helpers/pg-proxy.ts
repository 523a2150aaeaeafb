import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that springs traps at the worst moments of a change. A trap waits for the next
 * message a client sends that contains a marker (a simple query's text, such as `COMMIT\0`, or a prepared
 * statement's name, such as `orchestrator_commit\0`), and then, on that one connection:
 * - cuts it, before or after passing the message on (the server rolls back, or commits unheard);
 * - holds the message back, with whatever follows it, until released (a process frozen before it sends);
 * - holds the server's answers back from then on until released (a process that has not heard yet).
 * Each trap springs once; everything on other connections goes on. Optionally it shortens the
 * idle_in_transaction_session_timeout each connection asks for, so that a frozen transaction is aborted within a test.
 */
export interface PgProxy {
  port: number;
  /** Cuts the connection that sends the next COMMIT, after (`after`) or instead of (`before`) passing it on. */
  cutAtNextCommit(when: 'before' | 'after'): Promise<void>;
  /** Cuts the connection that next sends `marker`, after or instead of passing the message on. */
  cutAt(marker: string, when: 'before' | 'after'): Promise<void>;
  /**
   * Holds back the next change's opening statement (BEGIN and its locks) until `release` is called; resolves
   * once it is held.
   */
  holdNextChange(): Promise<{ release: () => void }>;
  /** Holds back the next message that contains `marker` (or any of them), and what follows it on its connection, until released. */
  holdAt(marker: string | string[]): Promise<{ release: () => void }>;
  /** Passes the next message that contains `marker` on, then holds the server's answers on that connection until released. */
  holdAnswerTo(marker: string): Promise<{ release: () => void }>;
  close(): Promise<void>;
}

type Trap =
  | { kind: 'cut'; markers: string[]; when: 'before' | 'after'; sprung: () => void }
  | { kind: 'hold' | 'answer'; markers: string[]; sprung: (release: () => void) => void };

export async function startPgProxy(targetPort: number, options: { idleInTransactionMs?: number } = {}): Promise<PgProxy> {
  const traps: Trap[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    let started = false;
    // While a message is held, what follows it on that connection waits behind it, in order; so do answers.
    let held: Buffer[] | undefined;
    let heldAnswers: Buffer[] | undefined;
    let answered: (() => void) | undefined;
    client.on('data', (chunk: Buffer) => {
      if (held) return void held.push(chunk);
      if (!started) {
        started = true;
        chunk = withIdleTimeout(chunk, options.idleInTransactionMs);
      }
      const index = traps.findIndex((trap) => trap.markers.some((marker) => chunk.includes(marker)));
      if (index === -1) return void upstream.write(chunk);
      const trap = traps.splice(index, 1)[0]!;
      if (trap.kind === 'cut') {
        if (trap.when === 'after') upstream.write(chunk, () => setTimeout(cut, 50));
        else cut();
        trap.sprung();
      } else if (trap.kind === 'hold') {
        held = [chunk];
        trap.sprung(() => {
          for (const part of held ?? []) upstream.write(part);
          held = undefined;
        });
      } else {
        // Sprung once the server has answered (it has done what was asked), not when the message leaves.
        heldAnswers = [];
        answered = () =>
          trap.sprung(() => {
            for (const part of heldAnswers ?? []) client.write(part);
            heldAnswers = undefined;
          });
        upstream.write(chunk);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!heldAnswers) return void client.write(chunk);
      heldAnswers.push(chunk);
      answered?.();
      answered = undefined;
    });
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', cut);
    upstream.on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAt = (marker: string, when: 'before' | 'after') =>
    new Promise<void>((resolve) => traps.push({ kind: 'cut', markers: [marker], when, sprung: resolve }));
  const holding = (kind: 'hold' | 'answer', marker: string | string[]) =>
    new Promise<{ release: () => void }>((resolve) => traps.push({ kind, markers: [marker].flat(), sprung: (release) => resolve({ release }) }));
  return {
    port: (server.address() as { port: number }).port,
    // A simple-query COMMIT: 'Q', its length, then the text.
    cutAtNextCommit: (when) => cutAt('COMMIT\0', when),
    cutAt,
    // A change opens with one simple query: "BEGIN; SET LOCAL lock_timeout ..." and its advisory locks.
    holdNextChange: () => holding('hold', 'BEGIN; SET LOCAL'),
    holdAt: (marker) => holding('hold', marker),
    holdAnswerTo: (marker) => holding('answer', marker),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The startup message with a shorter idle_in_transaction_session_timeout, written in as many bytes (its length stays). */
function withIdleTimeout(startup: Buffer, ms: number | undefined): Buffer {
  if (ms === undefined) return startup;
  const text = startup.toString('latin1');
  const match = /idle_in_transaction_session_timeout=(\d+)/.exec(text);
  if (!match) throw new Error('The startup message asks for no idle_in_transaction_session_timeout.');
  const value = String(ms).padStart(match[1]!.length, '0');
  if (value.length !== match[1]!.length) throw new Error(`${ms} ms does not fit in place of ${match[1]}.`);
  const at = match.index + match[0].length - value.length;
  return Buffer.concat([startup.subarray(0, at), Buffer.from(value, 'latin1'), startup.subarray(at + value.length)]);
}
