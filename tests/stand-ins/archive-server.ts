/**
 * A web archive on 127.0.0.1 for tests: it answers the way the Wayback Machine does, from the
 * documented formats, so the archive client can be tried end to end without reaching a real host.
 *
 *   GET /cdx/search/cdx?url=…&output=json&fl=…&filter=…&collapse=…&limit=…&from=…&to=…
 *       CDX rows (JSON array of arrays with a header row; space-separated text without output=json)
 *   GET /web/timemap/link/<url>        Memento TimeMap, application/link-format
 *   GET /web/<timestamp>id_/<url>      the capture raw: the bytes as archived
 *   GET /web/<timestamp>/<url>         the capture with the toolbar injected and links rewritten
 *   a timestamp that is not a capture's: 302 to the nearest capture, as Wayback does
 *   GET <live path>                    the live article (the address the captures are of)
 *
 * Faults (`setFault`) make any of these answer 404/429/503, slowly, cut short or as non-HTML.
 * Every request is recorded in `requests`, so tests can prove what was (and was not) asked.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A seed page by name, in either fixture layout (`pages/<name>.html` or `pages/<name>/source.html`). */
export function readSeedPage(name: string): string {
  const pages = path.join(here, '..', 'fixtures', 'pages');
  for (const file of [path.join(pages, name, 'source.html'), path.join(pages, `${name}.html`)]) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error(`archive stand-in: no seed page "${name}" in ${pages}`);
}

export interface StandInCapture {
  /** 14 digits, UTC. */
  timestamp: string;
  /** The captured address. */
  original: string;
  body: string | Uint8Array;
  /** Default text/html. */
  mimetype?: string;
  /** The status the original site answered, as the CDX records it; default 200. */
  statusCode?: number;
}

export type FaultTarget = 'cdx' | 'timemap' | 'capture' | 'live' | 'any';

export interface Fault {
  on: FaultTarget;
  /** Answer with this status instead (404, 429, 503, …). */
  status?: number;
  /** Retry-After to send with it: delay-seconds or an HTTP date. */
  retryAfter?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Send the full Content-Length, then only half the body, then close. */
  truncate?: boolean;
  /** Serve the body under this Content-Type. */
  mimetype?: string;
  /** Only the capture at this timestamp. */
  timestamp?: string;
  /** Only this many requests; default all. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  kind: 'cdx' | 'timemap' | 'raw' | 'toolbar' | 'live' | 'other';
  at: number;
}

export interface StartOptions {
  port?: number;
  /** Captures to serve; default `seedCaptures(url)` of the live article. */
  captures?: (origin: string) => StandInCapture[];
  /** Answer 404 on the CDX endpoint, like a Memento archive without a CDX server. */
  cdx?: boolean;
}

export interface ArchiveStandIn {
  /** The archive base address: `http://127.0.0.1:<port>`. */
  base: string;
  /** The live article's address (served by the stand-in too; the captures are of it). */
  url: string;
  captures: StandInCapture[];
  requests: RecordedRequest[];
  /** Replace the faults (null: none). */
  setFault(fault: Fault | Fault[] | null): void;
  /** Serve `html` at `pathname` of the stand-in, as a live page. */
  setLive(pathname: string, html: string): void;
  stop(): Promise<void>;
}

/** The path of the live Fox article on the stand-in. */
export const LIVE_PATH = '/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';

const CONSENT_WALL = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Before you continue</title></head>
<body><div class="consent"><h1>We value your privacy</h1>
<p>We and our partners store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device for personalised ads and content, ad and content measurement, and audience insights.</p>
<p>With your permission we and our partners may use precise geolocation data. You may click to consent to our and our partners' processing as described above. Alternatively you may click to refuse to consent or access more detailed information and change your preferences before consenting.</p>
<p>Some of our partners process your data on the basis of legitimate interest, which you can object to by clicking Manage options.</p>
<button>Accept all</button> <button>Reject all</button> <button>Manage options</button></div></body></html>
`;

/**
 * The captures of the edited Fox article at `original`: v1 early on the first day (then the same
 * page with other page furniture bytes), a consent wall, v2 in the evening (twice with the same
 * bytes, which `collapse=digest` folds), and v2 again a week later with new furniture bytes.
 */
export function seedCaptures(original: string): StandInCapture[] {
  const v1 = readSeedPage('fox-ceasefire-v1');
  const v2 = readSeedPage('fox-ceasefire-v2');
  // Same article, other bytes: what a rotating ad slot or a build id does to a page.
  const furniture = (html: string, id: string) => html.replace('</body>', `<!-- build ${id} --></body>`);
  return [
    { timestamp: '20240925135200', original, body: v1 },
    { timestamp: '20240925141500', original, body: furniture(v1, 'a41f') },
    { timestamp: '20240925160300', original, body: CONSENT_WALL },
    { timestamp: '20240925213000', original, body: v2 },
    { timestamp: '20240926090000', original, body: v2 },
    { timestamp: '20241002120000', original, body: furniture(v2, 'c7d2') },
  ];
}

function bytesOf(body: string | Uint8Array): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
}

/** Wayback's digest: SHA-1 of the payload in base 32. */
function digestOf(body: string | Uint8Array): string {
  const sha = createHash('sha1').update(bytesOf(body)).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of sha) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function msOf(timestamp: string): number {
  const t = timestamp.padEnd(14, '0');
  const n = (a: number, b: number) => Number(t.slice(a, b));
  return Date.UTC(n(0, 4), Math.max(0, n(4, 6) - 1), Math.max(1, n(6, 8)), n(8, 10), n(10, 12), n(12, 14));
}

function httpDate(timestamp: string): string {
  return new Date(msOf(timestamp)).toUTCString();
}

/** Wayback's SURT-like key, enough to match one address however it is written. */
function keyOf(address: string): string {
  const stripped = address.replace(/^[a-z]+:\/\//i, '').replace(/^www\./i, '');
  const slash = stripped.indexOf('/');
  const host = (slash < 0 ? stripped : stripped.slice(0, slash)).toLowerCase().replace(/:80$/, '');
  const rest = slash < 0 ? '/' : stripped.slice(slash);
  return host + (rest.endsWith('/') && rest.length > 1 ? rest.slice(0, -1) : rest);
}

function surt(address: string): string {
  const key = keyOf(address);
  const slash = key.indexOf('/');
  const host = slash < 0 ? key : key.slice(0, slash);
  return `${host.split('.').reverse().join(',')})${slash < 0 ? '/' : key.slice(slash)}`.toLowerCase();
}

const FIELDS = ['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'] as const;
type Field = (typeof FIELDS)[number];

function cdxRow(capture: StandInCapture): Record<Field, string> {
  return {
    urlkey: surt(capture.original),
    timestamp: capture.timestamp,
    original: capture.original,
    mimetype: capture.mimetype ?? 'text/html',
    statuscode: String(capture.statusCode ?? 200),
    digest: digestOf(capture.body),
    // Wayback's length is the compressed WARC record's; the payload's serves the same purpose here.
    length: String(bytesOf(capture.body).length),
  };
}

/** The CDX server's query language: `fl`, `filter` (`[!]field:regex`), `collapse` (`field[:N]`), `limit` (±N), `from`/`to`. */
function cdxAnswer(captures: StandInCapture[], query: URLSearchParams): { type: string; body: string } {
  const address = query.get('url') ?? '';
  let rows = captures
    .filter((c) => keyOf(c.original) === keyOf(address))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    .map(cdxRow);
  const from = query.get('from');
  const to = query.get('to');
  if (from) rows = rows.filter((r) => r.timestamp >= from.padEnd(14, '0'));
  if (to) rows = rows.filter((r) => r.timestamp <= to.padEnd(14, '9'));
  for (const filter of query.getAll('filter')) {
    const negate = filter.startsWith('!');
    const [name, ...pattern] = (negate ? filter.slice(1) : filter).split(':');
    const regex = new RegExp(`^(?:${pattern.join(':')})$`);
    rows = rows.filter((r) => regex.test(r[name as Field] ?? '') !== negate);
  }
  for (const collapse of query.getAll('collapse')) {
    const [name, length] = collapse.split(':');
    const part = (r: Record<Field, string>) => {
      const value = r[name as Field] ?? '';
      return length ? value.slice(0, Number(length)) : value;
    };
    rows = rows.filter((r, k) => k === 0 || part(r) !== part(rows[k - 1]!));
  }
  const limit = Number(query.get('limit') ?? 'NaN');
  if (Number.isFinite(limit) && limit !== 0) rows = limit > 0 ? rows.slice(0, limit) : rows.slice(limit);
  const fl = (query.get('fl') ?? FIELDS.join(','))
    .split(',')
    .map((f) => f.trim())
    .filter((f): f is Field => (FIELDS as readonly string[]).includes(f));
  const values = rows.map((r) => fl.map((f) => r[f]));
  if (query.get('output') === 'json') {
    if (values.length === 0) return { type: 'application/json', body: '[]\n' };
    const lines = [fl, ...values].map((row) => JSON.stringify(row));
    return { type: 'application/json', body: `[${lines.join(',\n')}]\n` };
  }
  return {
    type: 'text/plain',
    body: values.map((v) => v.join(' ')).join('\n') + (values.length ? '\n' : ''),
  };
}

function timeMapAnswer(base: string, captures: StandInCapture[], address: string): string | null {
  const mine = captures
    .filter((c) => keyOf(c.original) === keyOf(address))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  if (mine.length === 0) return null;
  const original = mine[0]!.original;
  const first = mine[0]!.timestamp;
  const last = mine[mine.length - 1]!.timestamp;
  const lines = [
    `<${original}>; rel="original"`,
    `<${base}/web/timemap/link/${original}>; rel="self"; type="application/link-format"; from="${httpDate(first)}"; until="${httpDate(last)}"`,
    `<${base}/web/${original}>; rel="timegate"`,
    ...mine.map((c, k) => {
      const rel =
        mine.length === 1
          ? 'first last memento'
          : k === 0
            ? 'first memento'
            : k === mine.length - 1
              ? 'last memento'
              : 'memento';
      return `<${base}/web/${c.timestamp}/${c.original}>; rel="${rel}"; datetime="${httpDate(c.timestamp)}"`;
    }),
  ];
  return lines.join(',\n') + '\n';
}

/** What Wayback does to a page it shows in its own frame: its toolbar in, every link through it. */
function withToolbar(html: string, base: string, timestamp: string): string {
  const rewritten = html.replace(
    /\b(href|src)=("|')(https?:\/\/[^"']+)\2/gi,
    (_m, attr: string, q: string, link: string) => `${attr}=${q}${base}/web/${timestamp}/${link}${q}`,
  );
  const head =
    `<script src="${base}/_static/js/bundle-playback.js" charset="utf-8"></script>\n` +
    `<link rel="stylesheet" type="text/css" href="${base}/_static/css/banner-styles.css"/>\n` +
    '<!-- End Wayback Rewrite JS Include -->\n';
  const banner =
    '<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n' +
    '<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;"><div id="wm-ipp">' +
    '<p>The Wayback Machine has archived this page. ' +
    `<a href="${base}/web/*/">See all captures of this address</a>. Capture of ${httpDate(timestamp)}.</p>` +
    '<p>Donate to keep the archive free. Save page now. Collections: news crawls.</p></div></div>\n' +
    '<!-- END WAYBACK TOOLBAR INSERT -->\n';
  return rewritten
    .replace(/<head([^>]*)>/i, (m) => `${m}\n${head}`)
    .replace(/<body([^>]*)>/i, (m) => `${m}\n${banner}`)
    .concat(
      `\n<!--\n     FILE ARCHIVED ON ${timestamp} AND RETRIEVED FROM THE\n     INTERNET ARCHIVE ON ${new Date().toUTCString()}.\n-->\n`,
    );
}

function nearest(captures: StandInCapture[], address: string, timestamp: string): StandInCapture | null {
  const target = msOf(timestamp);
  const mine = captures.filter((c) => keyOf(c.original) === keyOf(address) && (c.statusCode ?? 200) === 200);
  let best: StandInCapture | null = null;
  for (const c of mine) {
    if (!best || Math.abs(msOf(c.timestamp) - target) < Math.abs(msOf(best.timestamp) - target)) best = c;
  }
  return best;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function start(options: StartOptions = {}): Promise<ArchiveStandIn> {
  const requests: RecordedRequest[] = [];
  const live = new Map<string, string>();
  let faults: (Fault & { left: number })[] = [];
  const state: { base: string; captures: StandInCapture[] } = { base: '', captures: [] };
  const speaksCdx = options.cdx ?? true;

  const faultFor = (target: Exclude<FaultTarget, 'any'>, timestamp?: string) => {
    const fault = faults.find(
      (f) => (f.on === target || f.on === 'any') && f.left > 0 && (!f.timestamp || f.timestamp === timestamp),
    );
    if (fault) fault.left--;
    return fault ?? null;
  };

  const send = async (
    res: ServerResponse,
    fault: Fault | null,
    status: number,
    type: string,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ) => {
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (res.destroyed) return;
    if (fault?.status) {
      const extra: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8', ...extra });
      res.end(`<!DOCTYPE html><html><body><p>HTTP ${fault.status}</p></body></html>\n`);
      return;
    }
    const bytes = bytesOf(body);
    res.writeHead(status, {
      'content-type': fault?.mimetype ?? type,
      'content-length': String(bytes.length),
      ...headers,
    });
    if (fault?.truncate) {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      // Let the half reach the client before the connection drops, as a cut transfer does.
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(bytes);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const parsed = new URL(raw, state.base);
    const record = (kind: RecordedRequest['kind']) =>
      requests.push({ method: req.method ?? 'GET', path: raw, kind, at: Date.now() });

    if (parsed.pathname === '/cdx/search/cdx') {
      record('cdx');
      const fault = faultFor('cdx');
      if (!speaksCdx)
        return send(res, fault, 404, 'text/html; charset=utf-8', '<html><body>Not Found</body></html>');
      const answer = cdxAnswer(state.captures, parsed.searchParams);
      return send(res, fault, 200, `${answer.type}; charset=utf-8`, answer.body);
    }
    const timemap = /^\/web\/timemap\/link\/(.+)$/.exec(raw);
    if (timemap) {
      record('timemap');
      const fault = faultFor('timemap');
      const body = timeMapAnswer(state.base, state.captures, timemap[1]!);
      if (body === null) return send(res, fault, 404, 'text/plain; charset=utf-8', 'No captures found\n');
      return send(res, fault, 200, 'application/link-format', body);
    }
    const capture = /^\/web\/(\d{1,14})(id_|[a-z]{2}_)?\/(.+)$/.exec(raw);
    if (capture) {
      const [, timestamp, modifier, address] = capture as unknown as [
        string,
        string,
        string | undefined,
        string,
      ];
      const rawMode = modifier === 'id_';
      record(rawMode ? 'raw' : 'toolbar');
      const found = nearest(state.captures, address, timestamp);
      const fault = faultFor('capture', found?.timestamp);
      if (!found)
        return send(
          res,
          fault,
          404,
          'text/html; charset=utf-8',
          '<html><body><p>Wayback Machine has not archived that URL.</p></body></html>',
        );
      if (found.timestamp !== timestamp.padEnd(14, '0') || timestamp.length !== 14) {
        const location = `${state.base}/web/${found.timestamp}${modifier ?? ''}/${found.original}`;
        return send(res, fault, 302, 'text/plain; charset=utf-8', `Found: ${location}\n`, { location });
      }
      const headers = {
        'memento-datetime': httpDate(found.timestamp),
        link: `<${found.original}>; rel="original", <${state.base}/web/timemap/link/${found.original}>; rel="timemap"; type="application/link-format"`,
      };
      const type = `${found.mimetype ?? 'text/html'}${(found.mimetype ?? 'text/html').startsWith('text/') ? '; charset=utf-8' : ''}`;
      const body = rawMode
        ? found.body
        : withToolbar(bytesOf(found.body).toString('utf8'), state.base, found.timestamp);
      return send(res, fault, 200, type, body, headers);
    }
    const page = live.get(parsed.pathname);
    if (page !== undefined) {
      record('live');
      return send(res, faultFor('live'), 200, 'text/html; charset=utf-8', page);
    }
    record('other');
    return send(res, null, 404, 'text/html; charset=utf-8', '<html><body>Not Found</body></html>');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.base = `http://127.0.0.1:${port}`;
  const url = `${state.base}${LIVE_PATH}`;
  live.set(LIVE_PATH, readSeedPage('fox-ceasefire-v2'));
  state.captures = options.captures ? options.captures(state.base) : seedCaptures(url);

  return {
    base: state.base,
    url,
    get captures() {
      return state.captures;
    },
    set captures(value: StandInCapture[]) {
      state.captures = value;
    },
    requests,
    setFault(fault) {
      const list = fault === null ? [] : Array.isArray(fault) ? fault : [fault];
      faults = list.map((f) => ({ ...f, left: f.times ?? Infinity }));
    },
    setLive(pathname, html) {
      live.set(pathname, html);
    },
    stop() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
