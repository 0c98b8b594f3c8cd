/** Small TCP stand-ins for servers that misbehave, on 127.0.0.1. */
import { createServer, type Server, type Socket } from 'node:net';

export interface BlackHole {
  readonly host: string;
  readonly port: number;
  /** Connections accepted and not yet closed by the client: 0 again once a cancel closed its socket. */
  readonly openConnections: number;
  /** Resolves once a client is connected (at once when one is): the work under test has started. */
  connected(): Promise<void>;
  /** Resolves once no client is connected: the client closed its side. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** Accepts connections and never answers: a client waits until its timeout or a cancel. */
export async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let waiters: Array<() => void> = [];
  const changed = () => {
    const waiting = waiters;
    waiters = [];
    for (const check of waiting) check();
  };
  const until = (done: () => boolean) => new Promise<void>((resolve) => {
    const check = () => (done() ? resolve() : waiters.push(check));
    check();
  });
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // a client reset is what a cancel does
    // What the client sends is read and dropped: unread bytes would hold back its hang-up.
    socket.resume();
    socket.on('close', () => {
      sockets.delete(socket);
      changed();
    });
    changed();
  });
  const port = await listen(server);
  return {
    host: '127.0.0.1',
    port,
    get openConnections() {
      return sockets.size;
    },
    connected: () => until(() => sockets.size > 0),
    drained: () => until(() => sockets.size === 0),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port with nothing listening on it: a connection is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}
