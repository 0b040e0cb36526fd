/**
 * The archive answer parsers on samples written after the documented formats: the Wayback CDX
 * server's `output=json` (internetarchive/wayback, wayback-cdx-server README), pywb's NDJSON
 * CDX, the CDX plain-text lines, and Memento TimeMaps (RFC 7089 §5 and the Wayback Machine's
 * `/web/timemap/link/`), each with the faults real answers have.
 */
import { describe, expect, it } from 'vitest';
import {
  cdxQueryUrl,
  formatTimestamp,
  originalFromMemento,
  parseCdx,
  parseHttpDate,
  parseLinkFormat,
  parseRetryAfter,
  parseTimeMap,
  parseTimestamp,
} from '../../src/archive/index';

const FOX =
  'https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';

// As web.archive.org prints it: the header row named by `fl`, then one row per line.
const WAYBACK_CDX = `[["timestamp","original","statuscode","digest","mimetype","length"],
["20240925135217","${FOX}","200","3KQJ3ZV7M2YH6SZ2FJX5C4QGQ7N3M5VQ","text/html","61234"],
["20240925141502","${FOX}","200","YB5HQ3R2VJ4W7QK6T2ZP5MNC3LXG2FDA","text/html","61301"],
["20240925213044","https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war?intcmp=tw_fnc","200","Q2LJ6B7XW3PZ4N5M6K7R2S3T4V5W6X7Y","text/html","64410"],
["20241002120011","${FOX}","200","H7R3K2M5N6P7Q2S3T4V5W6X7Y2Z3A4B5","text/html","64502"]]
`;

describe('CDX answers', () => {
  it('reads the Wayback JSON rows by the header row', () => {
    const { captures, skipped } = parseCdx(WAYBACK_CDX);
    expect(skipped).toEqual([]);
    expect(captures.map((c) => c.timestamp)).toEqual([
      '20240925135217',
      '20240925141502',
      '20240925213044',
      '20241002120011',
    ]);
    expect(captures[0]).toEqual({
      timestamp: '20240925135217',
      time: Date.UTC(2024, 8, 25, 13, 52, 17),
      original: FOX,
      statusCode: 200,
      digest: '3KQJ3ZV7M2YH6SZ2FJX5C4QGQ7N3M5VQ',
      mimetype: 'text/html',
      memento: null,
    });
    expect(captures[2]!.original).toContain('?intcmp=tw_fnc');
  });

  it('takes the field order from the header, whatever fl asked', () => {
    const reordered = `[["original","timestamp","digest"],\n["${FOX}","20240925135217","ABC"]]`;
    const { captures } = parseCdx(reordered);
    expect(captures[0]).toMatchObject({
      timestamp: '20240925135217',
      original: FOX,
      digest: 'ABC',
      statusCode: null,
    });
  });

  it('an address without captures is an empty list, as `[]` or as an empty body', () => {
    expect(parseCdx('[]\n')).toEqual({ captures: [], skipped: [] });
    expect(parseCdx('')).toEqual({ captures: [], skipped: [] });
    expect(parseCdx(`[["timestamp","original","statuscode","digest","mimetype","length"]]`)).toEqual({
      captures: [],
      skipped: [],
    });
  });

  it('keeps the good rows of an answer cut short, and says which line was lost', () => {
    const cut =
      WAYBACK_CDX.split('\n').slice(0, 3).join('\n') + '\n["20240925213044","https://www.foxnews.com/pol';
    const { captures, skipped } = parseCdx(cut);
    expect(captures.map((c) => c.timestamp)).toEqual(['20240925135217', '20240925141502']);
    expect(skipped).toEqual([
      {
        line: 4,
        text: '["20240925213044","https://www.foxnews.com/pol',
        reason: 'not valid JSON (cut short?)',
      },
    ]);
  });

  it('skips rows with a missing field, a bad timestamp or no address, with the reason', () => {
    const bad = `[["timestamp","original","statuscode","digest","mimetype","length"],
["20240925135217","${FOX}","200","AAA","text/html","61234"],
["20240925141502","${FOX}","200","BBB"],
["20240231120000","${FOX}","200","CCC","text/html","1"],
["2024092514","${FOX}","200","DDD","text/html","1"],
["20240925150000","-","200","EEE","text/html","1"],
{"timestamp":"x"},
["20240925160000","${FOX}","-","FFF","warc/revisit","-"]]`;
    const { captures, skipped } = parseCdx(bad);
    expect(captures.map((c) => c.timestamp)).toEqual(['20240925135217', '20240925140000', '20240925160000']);
    // A revisit record has no status of its own.
    expect(captures[2]).toMatchObject({ statusCode: null, mimetype: 'warc/revisit' });
    expect(skipped.map((s) => [s.line, s.reason])).toEqual([
      [3, 'expected 6 fields, found 4'],
      [4, 'bad timestamp "20240231120000"'],
      [6, 'no original address'],
      [7, 'bad timestamp "x"'],
    ]);
  });

  it('reads pywb-style NDJSON and plain-text answers', () => {
    const ndjson =
      `{"urlkey": "com,foxnews)/politics/x", "timestamp": "20240925135217", "url": "${FOX}", "mime": "text/html", "status": "200", "digest": "AAA", "length": "6123", "offset": "1043", "filename": "news-20240925.warc.gz"}\n` +
      `{"urlkey": "com,foxnews)/politics/x", "timestamp": "20240925141502", "url": "${FOX}", "mime": "text/html", "status": "200", "digest": "BBB", "length": "6190", "offset": "90412", "filename": "news-20240925.warc.gz"}\n` +
      '{"urlkey": "com,foxnews)/politics/x", "timestamp": "2024092514150';
    const fromNdjson = parseCdx(ndjson);
    expect(fromNdjson.captures.map((c) => c.timestamp)).toEqual(['20240925135217', '20240925141502']);
    expect(fromNdjson.captures[0]).toMatchObject({ original: FOX, mimetype: 'text/html', statusCode: 200 });
    expect(fromNdjson.skipped.map((s) => s.line)).toEqual([3]);

    const plain =
      `com,foxnews)/politics/x 20240925135217 ${FOX} text/html 200 AAA 61234\n` +
      `com,foxnews)/politics/x 20240925141502 ${FOX} text/html 200 BBB\n`;
    const fromText = parseCdx(plain);
    expect(fromText.captures).toHaveLength(1);
    expect(fromText.captures[0]).toMatchObject({ digest: 'AAA', statusCode: 200, mimetype: 'text/html' });
    // Six fields are read in the order asked (fl); a default-order line missing one is misread, and skipped.
    expect(fromText.skipped[0]!.reason).toBe('bad timestamp "com,foxnews)/politics/x"');
  });

  it('builds the documented query', () => {
    expect(cdxQueryUrl('https://web.archive.org/cdx/search/cdx', `${FOX}?a=1&b=2`, { limit: 1000 })).toBe(
      'https://web.archive.org/cdx/search/cdx?url=' +
        encodeURIComponent(`${FOX}?a=1&b=2`) +
        '&output=json&fl=timestamp,original,statuscode,digest,mimetype,length&filter=statuscode:200&collapse=digest&limit=1000',
    );
  });
});

// The Wayback Machine's TimeMap, as /web/timemap/link/<url> prints it.
const WAYBACK_TIMEMAP = `<${FOX}>; rel="original",
<https://web.archive.org/web/timemap/link/${FOX}>; rel="self"; type="application/link-format"; from="Wed, 25 Sep 2024 13:52:17 GMT",
<https://web.archive.org>; rel="timegate",
<https://web.archive.org/web/20240925135217/${FOX}>; rel="first memento"; datetime="Wed, 25 Sep 2024 13:52:17 GMT",
<https://web.archive.org/web/20240925141502/${FOX}>; rel="memento"; datetime="Wed, 25 Sep 2024 14:15:02 GMT",
<https://web.archive.org/web/20241002120011/${FOX}>; rel="last memento"; datetime="Wed, 02 Oct 2024 12:00:11 GMT"
`;

describe('Memento TimeMaps', () => {
  it('reads the Wayback TimeMap by role', () => {
    const { timemap, skipped } = parseTimeMap(
      WAYBACK_TIMEMAP,
      `https://web.archive.org/web/timemap/link/${FOX}`,
    );
    expect(skipped).toEqual([]);
    expect(timemap.original).toBe(FOX);
    expect(timemap.timegate).toBe('https://web.archive.org/');
    expect(timemap.self).toEqual({
      uri: `https://web.archive.org/web/timemap/link/${FOX}`,
      type: 'application/link-format',
      from: Date.UTC(2024, 8, 25, 13, 52, 17),
      until: null,
    });
    expect(timemap.mementos.map((m) => [m.timestamp, m.memento])).toEqual([
      ['20240925135217', `https://web.archive.org/web/20240925135217/${FOX}`],
      ['20240925141502', `https://web.archive.org/web/20240925141502/${FOX}`],
      ['20241002120011', `https://web.archive.org/web/20241002120011/${FOX}`],
    ]);
    expect(timemap.mementos.every((m) => m.original === FOX && m.digest === null)).toBe(true);
  });

  it('reads RFC 7089 §5 forms: relative URIs, several rel tokens, commas inside quotes, paging links', () => {
    // After RFC 7089's TimeMap example, on one line and on several, with the parameters reordered.
    const text =
      '<http://a.example.org>;rel="original",\n' +
      '<http://arxiv.example.net/timemap/http://a.example.org>\n' +
      '  ; rel="self";type="application/link-format"\n' +
      '  ; from="Tue, 20 Jun 2000 18:02:59 GMT"\n' +
      '  ; until="Wed, 09 Apr 2008 20:30:51 GMT",\n' +
      '<http://arxiv.example.net/timegate/http://a.example.org>\n' +
      '  ; rel="timegate",\n' +
      '<http://arxiv.example.net/web/20000620180259/http://a.example.org>\n' +
      '  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT"\n' +
      '  ; license="http://creativecommons.org/publicdomain/zero/1.0/",\n' +
      '<http://arxiv.example.net/web/20091027204954/http://a.example.org>\n' +
      '  ; rel="last memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT"\n' +
      '  ; title="Captured, as it happens, on a Tuesday; a comma, here",\n' +
      '<http://arxiv.example.net/web/20000621011731/http://a.example.org>\n' +
      '  ; rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT", ' +
      '</timemap/2/http://a.example.org>; rel="timemap"; type="application/link-format"; from="Wed, 09 Apr 2008 20:30:51 GMT"';
    const { timemap, skipped } = parseTimeMap(text, 'http://arxiv.example.net/timemap/http://a.example.org');
    expect(skipped).toEqual([]);
    expect(timemap.original).toBe('http://a.example.org/');
    expect(timemap.self).toMatchObject({
      from: Date.UTC(2000, 5, 20, 18, 2, 59),
      until: Date.UTC(2008, 3, 9, 20, 30, 51),
    });
    expect(timemap.timemaps).toEqual([
      {
        uri: 'http://arxiv.example.net/timemap/2/http://a.example.org',
        type: 'application/link-format',
        from: Date.UTC(2008, 3, 9, 20, 30, 51),
        until: null,
      },
    ]);
    expect(timemap.mementos.map((m) => m.timestamp)).toEqual([
      '20000620180259',
      '20091027204954',
      '20000621011731',
    ]);
    const links = parseLinkFormat(text).links;
    expect(links[4]!.rel).toEqual(['last', 'memento']);
    expect(links[4]!.params.title).toBe('Captured, as it happens, on a Tuesday; a comma, here');
  });

  it('skips unreadable entries with their line and reason, and keeps the rest', () => {
    const text = [
      `<${FOX}>; rel="original",`,
      `<https://web.archive.org/web/20240925135217/${FOX}>; rel="first memento"; datetime="Wed, 25 Sep 2024 13:52:17 GMT",`,
      `<https://web.archive.org/web/20240925141502/${FOX}; rel="memento"; datetime="Wed, 25 Sep 2024 14:15:02 GMT",`,
      `<https://web.archive.org/web/20240925160300/${FOX}>; rel="memento"; datetime="Wed, 25 Sep 2024 16:03:00 GMT,`,
      `<https://web.archive.org/web/20240925170000/${FOX}>; rel="memento",`,
      `<https://web.archive.org/web/20240925180000/${FOX}>; rel="memento"; datetime="yesterday",`,
      'this line is not a link,',
      `<https://web.archive.org/web/20240925213044/${FOX}>; rel="memento"; datetime="Wed, 25 Sep 2024 21:30:44 GMT"`,
      `<https://web.archive.org/web/20241002120011/${FOX}>; rel="last memento"; datetime="Wed, 02 Oct 2024 12:00:11 GMT"`,
    ].join('\n');
    const { timemap, skipped } = parseTimeMap(text);
    expect(timemap.mementos.map((m) => m.timestamp)).toEqual([
      '20240925135217',
      '20240925213044',
      '20241002120011',
    ]);
    expect(skipped.map((s) => [s.line, s.reason])).toEqual([
      [3, 'unclosed "<"'],
      [4, 'unterminated quoted value'],
      [5, 'memento without a datetime'],
      [6, 'unreadable datetime "yesterday"'],
      [7, 'does not start with <uri>'],
    ]);
  });

  it('finds the captured address in a memento URI when the TimeMap does not name it', () => {
    expect(originalFromMemento(`https://web.archive.org/web/20240925135217/${FOX}`)).toBe(FOX);
    expect(originalFromMemento(`https://arquivo.pt/wayback/20240925135217id_/${FOX}`)).toBe(FOX);
    expect(originalFromMemento('https://archive.example/abc123')).toBeNull();
    const { timemap } = parseTimeMap(
      `<https://web.archive.org/web/20240925135217/${FOX}>; rel="memento"; datetime="Wed, 25 Sep 2024 13:52:17 GMT"`,
    );
    expect(timemap.mementos[0]!.original).toBe(FOX);
  });

  it('an empty TimeMap has no mementos', () => {
    expect(parseTimeMap('').timemap.mementos).toEqual([]);
    expect(parseTimeMap('\n\n').skipped).toEqual([]);
  });
});

describe('archive times', () => {
  it('reads Wayback timestamps, their prefixes, and refuses impossible ones', () => {
    expect(parseTimestamp('20240925135217')).toBe(Date.UTC(2024, 8, 25, 13, 52, 17));
    expect(parseTimestamp('20240925')).toBe(Date.UTC(2024, 8, 25));
    expect(parseTimestamp('2024')).toBe(Date.UTC(2024, 0, 1));
    expect(parseTimestamp('20240230000000')).toBeNull();
    expect(parseTimestamp('20241301000000')).toBeNull();
    expect(parseTimestamp('2024092513521')).toBeNull();
    expect(parseTimestamp('abc')).toBeNull();
    expect(formatTimestamp(Date.UTC(2024, 8, 25, 13, 52, 17))).toBe('20240925135217');
  });

  it('reads the three HTTP date forms', () => {
    const when = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(when);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(when);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(when);
    expect(parseHttpDate('Wed, 25 Sep 2024 14:00:00 GMT')).toBe(Date.UTC(2024, 8, 25, 14));
    expect(parseHttpDate('25 Sep 2024')).toBeNull();
    expect(parseHttpDate('Wed, 31 Sep 2024 14:00:00 GMT')).toBeNull();
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.UTC(2024, 8, 25, 14);
    expect(parseRetryAfter('120', now)).toBe(now + 120_000);
    expect(parseRetryAfter('Wed, 25 Sep 2024 14:05:00 GMT', now)).toBe(Date.UTC(2024, 8, 25, 14, 5));
    // A date already past allows a retry now, not in the past.
    expect(parseRetryAfter('Wed, 25 Sep 2024 13:00:00 GMT', now)).toBe(now);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
