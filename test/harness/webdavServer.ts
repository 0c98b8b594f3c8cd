import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v2 as webdav } from 'webdav-server';

export interface TestWebdavServer {
  url: string;
  root: string;
  close(): Promise<void>;
}

/**
 * HTTP basic authentication done right for the test: webdav-server's own accepts only
 * base64 without "+" or "/" and cuts passwords at the first ":", so it would refuse valid
 * credentials that a real server accepts.
 */
class BasicAuthentication implements webdav.HTTPAuthentication {
  constructor(private readonly users: webdav.SimpleUserManager) {}

  askForAuthentication(): Record<string, string> {
    return { 'WWW-Authenticate': 'Basic realm="nasconsole-test"' };
  }

  getUser(ctx: webdav.HTTPRequestContext, callback: (error: Error, user?: webdav.IUser) => void): void {
    const deny = (error: Error) => this.users.getDefaultUser((anonymous) => callback(error, anonymous));
    const header = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/.exec(ctx.headers.find('Authorization') ?? '');
    if (!header) return deny(webdav.Errors.MissingAuthorisationHeader);
    const decoded = Buffer.from(header[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return deny(webdav.Errors.WrongHeaderFormat);
    this.users.getUserByNamePassword(decoded.slice(0, colon), decoded.slice(colon + 1), (error, user) => {
      if (error || !user) deny(webdav.Errors.BadAuthentication);
      else callback(null as unknown as Error, user);
    });
  }
}

/** A real WebDAV server (npm webdav-server) on 127.0.0.1 serving a temp directory to one user. */
export async function startWebdavServer(user: string, password: string): Promise<TestWebdavServer> {
  const root = mkdtempSync(join(tmpdir(), 'nasconsole-webdav-'));
  const users = new webdav.SimpleUserManager();
  const account = users.addUser(user, password, false);
  const privileges = new webdav.SimplePathPrivilegeManager();
  privileges.setRights(account, '/', ['all']);
  const server = new webdav.WebDAVServer({
    hostname: '127.0.0.1',
    port: 0,
    httpAuthentication: new BasicAuthentication(users),
    privilegeManager: privileges,
    rootFileSystem: new webdav.PhysicalFileSystem(root),
  });
  const httpServer = await new Promise<{ address(): unknown }>((resolve) => server.start((started) => resolve(started!)));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    root,
    async close() {
      await new Promise<void>((resolve) => server.stop(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
