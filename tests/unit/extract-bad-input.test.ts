import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { loadArticle, parseHtml } from '../../src/cli/load';
import { decodeHtml } from '../../src/extract/decode';
import { extractArticle, MAX_ELEMENTS, MAX_TEXT_BYTES } from '../../src/extract/index';
import { readFixture } from '../fixtures/pages';

const URL_ = 'https://news.example.org/world/story';

/** A plain article page around the given paragraphs. */
function page(
  paragraphs: string[],
  head = '<meta charset="utf-8"><title>Story</title>',
  htmlAttrs = 'lang="en"',
): string {
  return `<!DOCTYPE html><html ${htmlAttrs}><head>${head}</head><body><article>${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}

const ENGLISH = [
  'The Biden administration is in discussions with Israel and other nations to secure a temporary ceasefire between the Jewish state and Hezbollah, amid fears of a wider war breaking out in the region.',
  'Lebanese officials said a massive Israeli barrage killed at least 560 people on Monday, prompting thousands to flee southern Lebanon, while Israeli forces continued to carry out dozens of airstrikes.',
  'Hezbollah said it launched missiles at eight different targets within Israel early Tuesday, and the Israeli military said it tracked 55 rockets fired out of Lebanon and landing in Israel.',
];

describe('extractArticle on bad input', () => {
  it('reports an empty page as empty', () => {
    const result = extractArticle(parseHtml('<html><body></body></html>', URL_), URL_);
    expect(result).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('reports a page of links as not an article, with a reason', () => {
    const links = Array.from(
      { length: 60 },
      (_, i) => `<li><a href="/story/${i}">Headline number ${i}</a></li>`,
    );
    const result = extractArticle(
      parseHtml(`<html><body><nav><ul>${links.join('')}</ul></nav></body></html>`, URL_),
      URL_,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('not-readerable');
      expect(result.message.length).toBeGreaterThan(0);
    }
  });

  it('refuses a ~10 MB page as too large, and honours a smaller bound', () => {
    const paragraph = ENGLISH.join(' ').repeat(200);
    const count = Math.ceil((10 * 1024 * 1024) / paragraph.length);
    const doc = parseHtml(page(Array.from({ length: count }, () => paragraph)), URL_);
    const result = extractArticle(doc, URL_);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(MAX_TEXT_BYTES).toBeLessThan(10 * 1024 * 1024);
    const small = parseHtml(page(ENGLISH), URL_);
    expect(extractArticle(small, URL_, { maxTextBytes: 100 })).toMatchObject({
      ok: false,
      reason: 'too-large',
    });
    expect(extractArticle(small, URL_).ok).toBe(true);
  }, 120_000);

  it('refuses a page with more elements than the bound', () => {
    const spans = '<span>x</span>'.repeat(MAX_ELEMENTS + 10);
    const result = extractArticle(parseHtml(page([...ENGLISH, spans]), URL_), URL_);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  }, 60_000);

  it('extracts from malformed HTML', () => {
    const html = `<html><head><title>Story</title><body><div><p>${ENGLISH[0]}<p>${ENGLISH[1]}</div></span><p>${ENGLISH[2]}<b><i>x</b></i></table>`;
    const result = extractArticle(parseHtml(html, URL_), URL_, { force: true });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.article.paragraphs.join(' ')).toContain('55 rockets');
  });

  it('returns a result for a DOM nested 5,000 levels deep', () => {
    const depth = 5000;
    const html = `<html><body>${'<div>'.repeat(depth)}${ENGLISH.map((p) => `<p>${p}</p>`).join('')}${'</div>'.repeat(depth)}</body></html>`;
    const result = extractArticle(parseHtml(html, URL_), URL_);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.article.paragraphs).toEqual(ENGLISH);
  }, 60_000);

  it('extracts a right-to-left Arabic article', () => {
    const arabic = [
      'قالت السلطات اللبنانية إن الغارات الإسرائيلية المكثفة أدت إلى مقتل ما لا يقل عن خمسمئة وستين شخصا يوم الاثنين، ما دفع آلاف السكان إلى الفرار من جنوب لبنان نحو العاصمة بيروت والمناطق الشمالية.',
      'وأعلن حزب الله أنه أطلق صواريخ على ثمانية أهداف مختلفة داخل إسرائيل صباح الثلاثاء، في حين قال الجيش الإسرائيلي إنه رصد خمسة وخمسين صاروخا أطلقت من لبنان وسقطت في شمال إسرائيل.',
      'وتجري الإدارة الأمريكية محادثات مع إسرائيل ودول أخرى للتوصل إلى وقف مؤقت لإطلاق النار بين إسرائيل وحزب الله، وسط مخاوف من اندلاع حرب أوسع في المنطقة خلال الأيام المقبلة.',
    ];
    const result = extractArticle(
      parseHtml(page(arabic, '<meta charset="utf-8">', 'lang="ar" dir="rtl"'), URL_),
      URL_,
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.article.dir).toBe('rtl');
      expect(result.article.lang).toBe('ar');
      expect(result.article.paragraphs).toEqual(arabic);
    }
  });

  it('extracts a Chinese article without word spaces', () => {
    const chinese = [
      '黎巴嫩官员表示，以色列周一发动的大规模空袭造成至少五百六十人死亡，数千人被迫逃离黎巴嫩南部地区。以色列军队在真主党对以色列领土发动数月袭击之后，继续对黎巴嫩境内的真主党目标实施数十次空袭。联合国秘书长呼吁各方保持最大限度的克制，避免局势进一步升级为全面战争，并表示平民正在为这场冲突付出沉重代价。',
      '真主党表示，该组织周二清晨向以色列境内八个不同目标发射了导弹。以色列军方说，他们追踪到从黎巴嫩发射的五十五枚火箭弹落入以色列境内。美国国务卿布林肯在联合国大会期间与多国领导人会面，游说各方支持一项为期二十一天的临时停火计划，希望为外交谈判争取时间和空间。',
      '美国政府正与以色列及其他国家进行磋商，希望促成以色列与真主党之间的临时停火，以防止地区爆发更大规模的战争。五角大楼副新闻秘书表示，目前外交仍有前进的道路，这也是本届政府全力推动达成协议的原因。法国外长说，法国和美国已就外交解决方案的最终参数征求了各方意见。',
    ];
    const result = extractArticle(
      parseHtml(page(chinese, '<meta charset="utf-8">', 'lang="zh-CN"'), URL_),
      URL_,
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.article.paragraphs).toEqual(chinese);
      expect(result.article.lang).toBe('zh-CN');
    }
  });
});

/** "“Smoke” rises — café €5" in windows-1252. */
const cp1252Body = Uint8Array.from([
  0x93, 0x53, 0x6d, 0x6f, 0x6b, 0x65, 0x94, 0x20, 0x72, 0x69, 0x73, 0x65, 0x73, 0x20, 0x97, 0x20, 0x63, 0x61,
  0x66, 0xe9, 0x20, 0x80, 0x35,
]);

describe('decoding pages', () => {
  const latinPage = (head: string): Uint8Array =>
    Uint8Array.from([...new TextEncoder().encode(`<html><head>${head}</head><body><p>`), ...cp1252Body]);

  it('decodes a windows-1252 page by its meta charset', () => {
    expect(decodeHtml(latinPage('<meta charset="windows-1252">'))).toContain('“Smoke” rises — café €5');
    expect(
      decodeHtml(latinPage('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')),
    ).toContain('“Smoke” rises — café €5');
  });

  it('prefers the byte-order mark, then the Content-Type charset', () => {
    const utf8 = new TextEncoder().encode('<meta charset="windows-1252"><p>café</p>');
    expect(decodeHtml(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toContain('café');
    expect(decodeHtml(latinPage('<meta charset="utf-8">'), 'text/html; charset=windows-1252')).toContain(
      'café €5',
    );
  });
});

describe('loadArticle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crosscheck-load-'));
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/fox') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(readFixture('fox-ceasefire-v2'));
      } else if (request.url === '/moved') {
        response.writeHead(301, { location: '/fox' });
        response.end();
      } else if (request.url === '/report.pdf') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.end('%PDF-1.7');
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads an HTML file, decoding its declared charset', async () => {
    const file = path.join(dir, 'latin.html');
    const body = ENGLISH.map((p) => `<p>${p}</p>`).join('');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(
          `<html lang="en"><head><meta charset="windows-1252"><title>Story</title></head><body><article>${body}<p>`,
        ),
        Buffer.from(cp1252Body),
        Buffer.from(
          ' said the officials in a statement issued late on Monday night.</p></article></body></html>',
        ),
      ]),
    );
    const article = await loadArticle(file);
    expect(article.paragraphs.at(-1)).toBe(
      '“Smoke” rises — café €5 said the officials in a statement issued late on Monday night.',
    );
  });

  it('loads a text file one paragraph per line', async () => {
    const file = path.join(dir, 'story.txt');
    writeFileSync(file, ['Ceasefire talks continue', ...ENGLISH].join('\n'));
    const article = await loadArticle(file);
    expect(article.title).toBe('Ceasefire talks continue');
    expect(article.paragraphs).toEqual(ENGLISH);
  });

  it('follows redirects and keeps the final address', async () => {
    const article = await loadArticle(`${base}/moved`);
    expect(article.url).toBe(`${base}/fox`);
    expect(article.siteName).toBe('Fox News');
  });

  it('fails with one line for a missing file, an unreachable URL, a PDF and a non-article', async () => {
    const nav = path.join(dir, 'nav.html');
    writeFileSync(nav, '<html><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>');
    const pdf = path.join(dir, 'paper.html');
    writeFileSync(pdf, '%PDF-1.7 binary');
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing.html'), /no such file/],
      ['http://127.0.0.1:9/nothing', /unreachable/],
      [`${base}/gone`, /unreachable: HTTP 404/],
      [`${base}/report.pdf`, /not HTML \(application\/pdf\)/],
      [pdf, /not HTML/],
      [nav, /not an article: (?:empty|not-readerable)/],
    ];
    for (const [input, message] of cases) {
      const error = await loadArticle(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, input).toBeInstanceOf(CliError);
      expect((error as CliError).message, input).toMatch(message);
      expect((error as CliError).message, input).not.toContain('\n');
    }
  });
});
