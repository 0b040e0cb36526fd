/**
 * A local news site on 127.0.0.1 whose one article changes between checks, for the watch list's
 * tests (unit, CLI golden, and later e2e in both browsers). The article is the Fox seed page:
 * version 1, then the edited version 2 (and a third edit, v3, made for these tests); it can also be taken down (404 or 410), moved (a 301 or
 * 302 to another path that serves the page), replaced by a paywall teaser, answer slowly or
 * hang, fail with a 503, or send a body far larger than any article.
 *
 *   const news = await startNewsServer();
 *   news.setState('v1'); …check news.articleUrl…; news.setState('v2'); …check again…
 *   news.queue('v1', 'v2'); // or: each article request takes the next state, the last one stays
 *   await news.stop();
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type NewsState =
  | 'v1'
  | 'v2'
  | 'v3' // v2 edited once more: the vague "a small number of U.S. troops" becomes a figure
  | 'removed' // 404
  | 'gone' // 410
  | 'moved' // 301 to MOVED_PATH, which serves the current page version
  | 'moved-temporarily' // 302 to MOVED_PATH
  | 'to-front-page' // 301 to "/", the front page
  | 'paywall' // the first paragraphs of v1 and a subscription box
  | 'slow' // headers after `slowMs`
  | 'hang' // headers never (until stop)
  | 'huge' // a 200 text/html body of `hugeBytes`, streamed
  | 'error'; // 503

export interface NewsRequest {
  method: string;
  path: string;
  /** The state that answered it. */
  state: NewsState;
  at: number;
  /** Body bytes written so far (for `huge`: how much the client let through before it stopped). */
  bytes: number;
}

export interface NewsServer {
  /** http://127.0.0.1:<port> */
  base: string;
  /** The watched article's address. */
  articleUrl: string;
  /** Where `moved` sends the reader. */
  movedUrl: string;
  setState(state: NewsState): void;
  /** Each following article request takes the next of these; the last one then stays. */
  queue(...states: NewsState[]): void;
  readonly state: NewsState;
  /** Every request the server saw, in order. */
  requests: NewsRequest[];
  stop(): Promise<void>;
}

export interface NewsServerOptions {
  /** How long `slow` waits before answering. */
  slowMs?: number;
  /** Body size of `huge`. */
  hugeBytes?: number;
  initial?: NewsState;
}

export const ARTICLE_PATH = '/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';
export const MOVED_PATH = '/world/us-pushing-temporary-israel-hezbollah-ceasefire';

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pages');

/**
 * A seed page's HTML, from either fixture layout: `pages/<name>.html`, or the per-page folders
 * `pages/<name>/source.html` that replace it.
 */
export function seedPageHtml(name: string): string {
  for (const file of [path.join(fixturesDir, name, 'source.html'), path.join(fixturesDir, `${name}.html`)]) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error(`news server: no fixture page "${name}" under ${fixturesDir}`);
}

/**
 * The paywall teaser a reader without a subscription gets: the page's head and furniture, the
 * first `keep` body paragraphs, then a subscription box, with the schema.org paywall marker.
 */
export function paywallPage(html: string, keep = 2): string {
  const open = html.search(/<article[\s>]/i);
  const close = html.search(/<\/article>/i);
  if (open < 0 || close < 0) throw new Error('news server: the page has no <article>');
  let seen = 0;
  const body = html
    .slice(open, close)
    // Body paragraphs are the <p> elements directly in the article text (not in captions or bios).
    .replace(/^(\s*)<p>[\s\S]*?<\/p>\s*$/gm, (paragraph) => (++seen <= keep ? paragraph : ''));
  const box =
    '<div class="paywall"><h2>Subscribe to keep reading</h2>' +
    '<p>Get unlimited access for $1 a week. Already a subscriber? <a href="/login">Log in</a>.</p></div>\n';
  return (
    html
      .slice(0, open)
      .replace('"@type": "NewsArticle",', '"@type": "NewsArticle",\n  "isAccessibleForFree": false,') +
    body +
    box +
    html.slice(close)
  );
}

export async function startNewsServer(options: NewsServerOptions = {}): Promise<NewsServer> {
  const slowMs = options.slowMs ?? 2_000;
  const hugeBytes = options.hugeBytes ?? 32 * 1024 * 1024;
  const v2 = seedPageHtml('fox-ceasefire-v2');
  const v3 = v2.replace('a small number of U.S. troops', 'about 3,000 U.S. troops');
  if (v3 === v2)
    throw new Error('news server: the v2 fixture no longer says "a small number of U.S. troops"');
  const pages = { v1: seedPageHtml('fox-ceasefire-v1'), v2, v3 };
  const paywall = paywallPage(pages.v1);
  let state: NewsState = options.initial ?? 'v1';
  /** The version the article is at, for `moved` and `slow`, which serve whatever it is. */
  let version: 'v1' | 'v2' | 'v3' = state === 'v2' || state === 'v3' ? state : 'v1';
  const pending: NewsState[] = [];
  const requests: NewsRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const set = (next: NewsState) => {
    state = next;
    if (next === 'v1' || next === 'v2' || next === 'v3') version = next;
  };

  const sendHtml = (res: ServerResponse, html: string, status = 200) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'cache-control': 'no-store',
    });
    res.end(html);
  };

  const sendHuge = (res: ServerResponse, request: NewsRequest) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    const chunk = Buffer.from(`<p>${'filler text of an endless page '.repeat(2000)}</p>\n`);
    let sent = 0;
    res.write('<!doctype html><html><head><title>Huge</title></head><body>');
    // Written as the reader drains it, so a client that stops reading stops the server too.
    const pump = () => {
      while (sent < hugeBytes && !res.destroyed) {
        sent += chunk.length;
        request.bytes = sent;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end('</body></html>');
    };
    pump();
  };

  const answer = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (pathname === MOVED_PATH) return sendHtml(res, pages[version]);
    if (pathname === '/')
      return sendHtml(res, '<!doctype html><title>Front page</title><h1>Top stories</h1>');
    if (pathname !== ARTICLE_PATH) return sendHtml(res, '<!doctype html><title>Not found</title>', 404);
    const current = pending.shift() ?? state;
    set(current);
    requests[requests.length - 1]!.state = current;
    switch (current) {
      case 'v1':
      case 'v2':
      case 'v3':
        return sendHtml(res, pages[current]);
      case 'removed':
        return sendHtml(res, '<!doctype html><title>Page not found</title><h1>Page not found</h1>', 404);
      case 'gone':
        return sendHtml(res, '<!doctype html><title>Gone</title><h1>This article was removed</h1>', 410);
      case 'moved':
      case 'moved-temporarily':
      case 'to-front-page':
        res.writeHead(current === 'moved-temporarily' ? 302 : 301, {
          location: current === 'to-front-page' ? '/' : MOVED_PATH,
          'content-length': 0,
        });
        return res.end();
      case 'paywall':
        return sendHtml(res, paywall);
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) sendHtml(res, pages[version]);
        }, slowMs);
        timers.add(timer);
        return;
      }
      case 'hang':
        return; // the socket stays open until the client gives up or stop() closes it
      case 'huge':
        return sendHuge(res, requests[requests.length - 1]!);
      case 'error':
        return sendHtml(res, '<!doctype html><title>Service unavailable</title>', 503);
    }
    void req;
  };

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: req.method ?? 'GET', path: pathname, state, at: Date.now(), bytes: 0 });
    answer(req, res, pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    articleUrl: base + ARTICLE_PATH,
    movedUrl: base + MOVED_PATH,
    setState: (next) => {
      pending.length = 0;
      set(next);
    },
    queue: (...states) => {
      pending.length = 0;
      pending.push(...states);
    },
    get state() {
      return state;
    },
    requests,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
