import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';

export interface TestHttpServer {
  url: string;
  root: string;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A plain HTTP file server on 127.0.0.1: directories answer with an HTML index of links (as
 * web servers' autoindex do, which rclone's http backend reads), files with their bytes.
 */
export async function startHttpServer(): Promise<TestHttpServer> {
  const root = mkdtempSync(join(tmpdir(), 'nasconsole-http-'));
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) {
      response.writeHead(400).end();
      return;
    }
    const local = join(root, path);
    let info;
    try {
      info = statSync(local);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    if (info.isDirectory()) {
      if (!path.endsWith('/')) {
        response.writeHead(301, { Location: `${path}/` }).end();
        return;
      }
      const links = readdirSync(local, { withFileTypes: true }).map((entry) => {
        const name = entry.isDirectory() ? `${entry.name}/` : entry.name;
        return `<a href="${escapeHtml(encodeURIComponent(entry.name) + (entry.isDirectory() ? '/' : ''))}">${escapeHtml(name)}</a><br>`;
      });
      const body = `<!DOCTYPE html><html><head><title>Index of ${escapeHtml(path)}</title></head><body><h1>Index of ${escapeHtml(path)}</h1>${links.join('\n')}</body></html>`;
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': info.size, 'Last-Modified': info.mtime.toUTCString() });
    if (request.method === 'HEAD') response.end();
    else createReadStream(local).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    root,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
