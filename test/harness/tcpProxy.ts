import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, to make that server misbehave the way
 * networks do: refuse (a destination that is down), stall mid-transfer (a push killed
 * halfway), or flip one byte of what the client sends (a disk or a middlebox that corrupts).
 * Settings apply to connections opened after they change.
 */
export interface TcpProxy {
  readonly port: number;
  /** `forward` (default) passes bytes through; `refuse` closes every new connection at once. */
  mode: 'forward' | 'refuse';
  /** Forward only this many client-to-server bytes per connection, then hold the rest. */
  stallUpstreamAfter: number | undefined;
  /** Flip the byte at this offset of each connection's client-to-server stream. */
  corruptUpstreamAt: number | undefined;
  /** Client-to-server bytes forwarded so far (all connections). */
  readonly upstreamBytes: number;
  /** Resolves once a connection holds bytes back (a stall began). */
  stalled(): Promise<void>;
  /** Drops every open connection. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let upstreamBytes = 0;
  let onStall: (() => void) | undefined;
  let stalledOnce = false;
  const settings = { mode: 'forward' as 'forward' | 'refuse', stallUpstreamAfter: undefined as number | undefined, corruptUpstreamAt: undefined as number | undefined };

  const server = createServer((client) => {
    if (settings.mode === 'refuse') return client.destroy();
    const { stallUpstreamAfter, corruptUpstreamAt } = settings;
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (corruptUpstreamAt !== undefined && sent <= corruptUpstreamAt && corruptUpstreamAt < sent + data.length) {
        data = Buffer.from(data);
        data[corruptUpstreamAt - sent]! ^= 0xff;
      }
      if (stallUpstreamAfter !== undefined && sent + data.length > stallUpstreamAfter) {
        data = data.subarray(0, Math.max(0, stallUpstreamAfter - sent));
        if (!stalledOnce) {
          stalledOnce = true;
          onStall?.();
        }
      }
      sent += chunk.length;
      upstreamBytes += data.length;
      if (data.length > 0) upstream.write(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stalledPromise = new Promise<void>((resolve) => (onStall = resolve));

  return {
    port: (server.address() as AddressInfo).port,
    get mode() {
      return settings.mode;
    },
    set mode(value) {
      settings.mode = value;
    },
    get stallUpstreamAfter() {
      return settings.stallUpstreamAfter;
    },
    set stallUpstreamAfter(value) {
      settings.stallUpstreamAfter = value;
    },
    get corruptUpstreamAt() {
      return settings.corruptUpstreamAt;
    },
    set corruptUpstreamAt(value) {
      settings.corruptUpstreamAt = value;
    },
    get upstreamBytes() {
      return upstreamBytes;
    },
    stalled: () => stalledPromise,
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
