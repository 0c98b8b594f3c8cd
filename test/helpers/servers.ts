import { afterAll, beforeAll } from 'vitest';
import { startBlackHole, type BlackHole } from '../../testing/servers.js';
import { startWebdavServer, type TestWebdavServer } from '../harness/webdavServer.js';

export { closedPort } from '../../testing/servers.js';

/**
 * A server that accepts connections and never answers, for this test file: a verify or a
 * login against it runs until cancelled or timed out. Read it inside tests.
 */
export function useBlackHole(): Omit<BlackHole, 'close'> {
  let server: BlackHole | undefined;
  beforeAll(async () => {
    server = await startBlackHole();
  });
  afterAll(async () => {
    await server?.close();
  });
  const running = () => {
    if (!server) throw new Error('the black hole is read before it started: use it inside a test');
    return server;
  };
  return {
    get host() {
      return running().host;
    },
    get port() {
      return running().port;
    },
    get openConnections() {
      return running().openConnections;
    },
    connected: () => running().connected(),
    drained: () => running().drained(),
  };
}

/** A WebDAV credential's attributes pointed at a black hole: rclone connects and waits for ever. */
export function blackHoleWebdav(hole: { readonly host: string; readonly port: number }): Record<string, string> {
  return { url: `http://${hole.host}:${hole.port}/`, vendor: 'OTHER', user: 'u', pass: 'p' };
}

/** A WebDAV server (test/harness/webdavServer.ts) for this test file, with one user; read it inside tests. */
export function useWebdavServer(user: string, password: string): () => TestWebdavServer {
  let server: TestWebdavServer | undefined;
  beforeAll(async () => {
    server = await startWebdavServer(user, password);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the WebDAV server is read before it started: use it inside a test');
    return server;
  };
}
