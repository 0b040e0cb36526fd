/**
 * A local news site for real-browser tests: serves fixture pages on 127.0.0.1, can change a
 * page in place (an article edited at the same address), and records every request so a
 * privacy test can prove the extension fetched nothing the page did not.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PageSource = string | (() => string);

export interface RecordedRequest {
  method: string;
  /** Path and query as the browser sent them. */
  url: string;
  at: number;
}

export interface FixtureServer {
  readonly origin: string;
  /** Serve `html` (or whatever the function returns at request time) at `path`. */
  route(path: string, source: PageSource): void;
  /** Replace what `path` serves from now on: the same address, edited content. */
  setPage(path: string, html: string): void;
  url(path: string): string;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, PageSource>();
  const requests: RecordedRequest[] = [];

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const rawUrl = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', url: rawUrl, at: Date.now() });
    const path = new URL(rawUrl, 'http://127.0.0.1').pathname;
    const source = routes.get(path);
    if (source === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found');
      return;
    }
    const html = typeof source === 'function' ? source() : source;
    // no-store: a reload after setPage must see the edited article, as a reader would.
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : html);
  };

  const server = createServer(handle);
  // Keep-alive sockets would hold close() open until the browser lets go of them.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const normalisePath = (path: string): string => (path.startsWith('/') ? path : `/${path}`);

  return {
    origin,
    route(path, source) {
      routes.set(normalisePath(path), source);
    },
    setPage(path, html) {
      routes.set(normalisePath(path), html);
    },
    url(path) {
      return `${origin}${normalisePath(path)}`;
    },
    get requests() {
      return requests;
    },
    clearRequests() {
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
