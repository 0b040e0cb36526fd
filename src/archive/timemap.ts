/**
 * Memento TimeMaps (RFC 7089) in the link format (RFC 6690 / RFC 8288): comma-separated
 * `<uri>; name="value"; …` entries, in practice one per line. `rel` holds space-separated tokens
 * ("first memento", "last memento"), quoted values may contain commas and semicolons, and a big
 * TimeMap is paged through `rel="timemap"` links with `from`/`until`. An entry that cannot be read
 * (an unclosed `<` or quote, a memento without a datetime) is skipped with its reason; the scanner
 * resynchronises at the next line that starts a link, so one bad line costs one entry.
 */
import { formatTimestamp, parseHttpDate } from './time';
import type { Capture, SkippedLine } from './types';

export interface Link {
  uri: string;
  /** Lower-cased tokens of `rel`. */
  rel: string[];
  /** Other parameters, names lower-cased; the first occurrence of a name wins (RFC 8288). */
  params: Record<string, string>;
  /** 1-based line of the document where the entry starts. */
  line: number;
}

export interface TimeMapLink {
  uri: string;
  type: string | null;
  /** Milliseconds; null when the link does not say. */
  from: number | null;
  until: number | null;
}

export interface TimeMap {
  /** The address the mementos are captures of (`rel="original"`). */
  original: string | null;
  timegate: string | null;
  /** This TimeMap (`rel="self"`) and any further pages of it (`rel="timemap"`). */
  self: TimeMapLink | null;
  timemaps: TimeMapLink[];
  /** Captures, in the order listed (archives list them earliest first). */
  mementos: Capture[];
}

interface Segment {
  text: string;
  line: number;
  error: string | null;
}

function nextNonSpace(text: string, from: number): string {
  for (let i = from; i < text.length; i++) if (!/\s/.test(text[i]!)) return text[i]!;
  return '';
}

/** Top-level entries: split at commas outside `<…>` and quotes, and at lines that start a link. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let angle = false;
  let quote = false;
  let error: string | null = null;
  let content = false;
  const cut = (end: number) => {
    const raw = text.slice(start, end);
    const lead = /^\s*/.exec(raw)![0];
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, line: startLine + (lead.match(/\n/g)?.length ?? 0), error });
    error = null;
    content = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      // Link values never span lines: an unclosed bracket or quote ends here, and is the entry's fault.
      if (angle || quote) error ??= angle ? 'unclosed "<"' : 'unterminated quoted value';
      angle = quote = false;
      line++;
      if (content && nextNonSpace(text, i + 1) === '<') {
        cut(i);
        start = i + 1;
        startLine = line;
      }
      continue;
    }
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
      continue;
    }
    if (angle) {
      if (c === '>') angle = false;
      continue;
    }
    if (c === ',') {
      cut(i);
      start = i + 1;
      startLine = line;
      continue;
    }
    if (!/\s/.test(c)) content = true;
    if (c === '<') angle = true;
    else if (c === '"') quote = true;
  }
  if (angle || quote) error ??= angle ? 'unclosed "<"' : 'unterminated quoted value';
  cut(text.length);
  return out;
}

/** `;`-separated parameters outside quotes. */
function splitParams(text: string): string[] {
  const parts: string[] = [];
  let quote = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === ';') {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

function parseSegment(segment: Segment): Link | string {
  if (segment.error) return segment.error;
  const m = /^<([^>]*)>\s*(.*)$/s.exec(segment.text);
  if (!m) return 'does not start with <uri>';
  const uri = m[1]!.trim();
  if (!uri) return 'empty <uri>';
  const rest = m[2]!.trim();
  if (rest && !rest.startsWith(';')) return `unexpected text after <uri>: "${rest.slice(0, 40)}"`;
  const params: Record<string, string> = {};
  for (const part of splitParams(rest.slice(1))) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!/^[a-z0-9!#$&+.^_`|~*-]+$/.test(name)) return `bad parameter "${part.slice(0, 40)}"`;
    if (!(name in params)) params[name] = eq < 0 ? '' : unquote(part.slice(eq + 1));
  }
  const rel = (params.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  delete params.rel;
  return { uri, rel, params, line: segment.line };
}

/** Every entry of a link-format document, and the ones that could not be read. */
export function parseLinkFormat(text: string): { links: Link[]; skipped: SkippedLine[] } {
  const links: Link[] = [];
  const skipped: SkippedLine[] = [];
  for (const segment of segments(text)) {
    const link = parseSegment(segment);
    if (typeof link === 'string')
      skipped.push({ line: segment.line, text: segment.text.slice(0, 200), reason: link });
    else links.push(link);
  }
  return { links, skipped };
}

function resolve(uri: string, base: string | undefined): string {
  try {
    return new URL(uri, base).href;
  } catch {
    return uri;
  }
}

/** The captured address inside a Wayback-style memento URI (`…/20240925140000/https://…`). */
export function originalFromMemento(uri: string): string | null {
  const m = /\/\d{14}(?:[a-z]{2}_)?\/(.+)$/.exec(uri);
  return m ? m[1]! : null;
}

function timeMapLink(link: Link, base: string | undefined): TimeMapLink {
  const date = (name: string) => (link.params[name] ? parseHttpDate(link.params[name]) : null);
  return {
    uri: resolve(link.uri, base),
    type: link.params.type ?? null,
    from: date('from'),
    until: date('until'),
  };
}

/**
 * A TimeMap's entries by role. `base` is the TimeMap's own address: relative URIs in it are
 * relative to that (RFC 8288 §3.2).
 */
export function parseTimeMap(text: string, base?: string): { timemap: TimeMap; skipped: SkippedLine[] } {
  const { links, skipped } = parseLinkFormat(text);
  const timemap: TimeMap = { original: null, timegate: null, self: null, timemaps: [], mementos: [] };
  const mementoLinks: Link[] = [];
  for (const link of links) {
    if (link.rel.includes('original')) timemap.original ??= resolve(link.uri, base);
    if (link.rel.includes('timegate')) timemap.timegate ??= resolve(link.uri, base);
    if (link.rel.includes('self')) timemap.self ??= timeMapLink(link, base);
    if (link.rel.includes('timemap')) timemap.timemaps.push(timeMapLink(link, base));
    if (link.rel.includes('memento')) mementoLinks.push(link);
  }
  for (const link of mementoLinks) {
    const skip = (reason: string) =>
      skipped.push({ line: link.line, text: `<${link.uri}>`.slice(0, 200), reason });
    const datetime = link.params.datetime;
    if (datetime === undefined) {
      skip('memento without a datetime');
      continue;
    }
    const time = parseHttpDate(datetime);
    if (time === null) {
      skip(`unreadable datetime "${datetime.slice(0, 60)}"`);
      continue;
    }
    const memento = resolve(link.uri, base);
    const original = timemap.original ?? originalFromMemento(memento);
    if (!original) {
      skip('no original address for this memento');
      continue;
    }
    timemap.mementos.push({
      timestamp: formatTimestamp(time),
      time,
      original,
      statusCode: null,
      digest: null,
      mimetype: link.params.type ?? null,
      memento,
    });
  }
  skipped.sort((a, b) => a.line - b.line);
  return { timemap, skipped };
}
