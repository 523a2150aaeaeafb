import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that can cut a connection at the worst moment of a change: right after
 * passing a COMMIT on (the server commits, the client never hears back), or instead of passing it on (the server
 * rolls back when the connection goes); or hold a change's first statement back while the test does something
 * else. Each trap springs once.
 */
export interface PgProxy {
  port: number;
  /** Cuts the connection that sends the next COMMIT, after (`after`) or instead of (`before`) passing it on. */
  cutAtNextCommit(when: 'before' | 'after'): Promise<void>;
  /**
   * Holds back the next change's opening statement (BEGIN and its locks) until `release` is called; resolves
   * once it is held. Everything else, on other connections, goes on.
   */
  holdNextChange(): Promise<{ release: () => void }>;
  close(): Promise<void>;
}

export async function startPgProxy(targetPort: number): Promise<PgProxy> {
  let trap: { when: 'before' | 'after'; sprung: () => void } | undefined;
  let hold: ((release: () => void) => void) | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    // While a change's opening is held, what follows it on that connection waits behind it, in order.
    let held: Buffer[] | undefined;
    client.on('data', (chunk: Buffer) => {
      if (held) return void held.push(chunk);
      // A change opens with one simple query: 'Q', its length, then "BEGIN; SET LOCAL lock_timeout ...".
      if (hold && chunk[0] === 0x51 && chunk.includes('BEGIN; SET LOCAL')) {
        const heldNow = hold;
        hold = undefined;
        held = [chunk];
        heldNow(() => {
          for (const part of held!) upstream.write(part);
          held = undefined;
        });
        return;
      }
      // A simple-query COMMIT: 'Q', its length, then the text.
      const commit = trap !== undefined && chunk[0] === 0x51 && chunk.includes('COMMIT\0');
      if (!commit) {
        upstream.write(chunk);
        return;
      }
      const { when, sprung } = trap!;
      trap = undefined;
      if (when === 'after') upstream.write(chunk, () => setTimeout(cut, 50));
      else cut();
      sprung();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', cut);
    upstream.on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cutAtNextCommit(when) {
      return new Promise((resolve) => (trap = { when, sprung: resolve }));
    },
    holdNextChange() {
      return new Promise((resolve) => (hold = (release) => resolve({ release })));
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
