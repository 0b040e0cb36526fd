/**
 * The page serialiser behind auto-capture: what it keeps and drops, that markup in text stays
 * text through linkedom, and that a walk cut into slices, or disturbed between them by the page,
 * still writes the document the page holds.
 */
import { parseHTML } from 'linkedom/worker';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/cli/load';
import { DocumentSerialiser, MAX_SERIALISED_DEPTH, serialiseDocument } from '../../src/extract/serialise';
import { readFixture } from '../fixtures/pages';

const URL = 'https://news.example/story';
const doc = (html: string): Document => parseHtml(html, URL);
const serialise = (html: string): string => serialiseDocument(doc(html)) ?? '';
const reparse = (html: string): Document => parseHTML(html).document;
const NO_LIMITS = {};

describe('serialiseDocument', () => {
  it('keeps text and attribute values as text: markup in them does not become elements', () => {
    const html = serialise(
      '<html><head><title>a &lt;b&gt; &amp; c</title></head><body>' +
        '<p class="x&quot;y" title="t">&lt;img src=x onerror="alert(1)"&gt; &amp;amp;</p></body></html>',
    );
    const back = reparse(html);
    expect(back.title).toBe('a <b> & c');
    const p = back.querySelector('p');
    expect(p?.textContent).toBe('<img src=x onerror="alert(1)"> &amp;');
    expect(p?.getAttribute('class')).toBe('x"y');
    expect(back.querySelectorAll('img')).toHaveLength(0);
  });

  it('empties scripts, styles, noscript, templates and frames but keeps JSON-LD whole', () => {
    const ld = '{"@type":"NewsArticle","headline":"H </script> tag","datePublished":"2024-09-25"}';
    const source =
      '<html><head><style>p{color:red}</style><script>var secret = "<b>";</script>' +
      `<script type="application/ld+json">${ld.replace('</script>', '<\\/script>')}</script></head>` +
      '<body><noscript><p>enable js</p></noscript><template><p>later</p></template>' +
      '<iframe src="https://www.youtube.com/embed/x" data-x="1">fallback</iframe><p>text</p></body></html>';
    const html = serialise(source);
    expect(html).toContain('<style></style><script></script><script type="application/ld+json">');
    expect(html).not.toContain('color:red');
    expect(html).not.toContain('secret');
    expect(html).not.toContain('enable js');
    expect(html).not.toContain('later');
    expect(html).toContain('<iframe src="https://www.youtube.com/embed/x" data-x="1"></iframe>');
    const back = reparse(html);
    const script = back.querySelector('script[type="application/ld+json"]');
    expect(JSON.parse(script?.textContent ?? '')).toEqual(JSON.parse(ld));
  });

  it('drops attributes nothing reads and keeps those extraction uses', () => {
    const html = serialise(
      '<html lang="fr" dir="ltr"><head><link rel="canonical" href="/c">' +
        '<meta property="og:title" content="T"><meta name="author" content="A"></head>' +
        '<body><div id="main" class="story" role="main" style="display:none" hidden aria-hidden="true"' +
        ' onclick="x()" data-props="{}" itemprop="articleBody">' +
        '<img src="a.jpg" srcset="a2.jpg 2x" alt="pic"><time datetime="2024-09-25">x</time>' +
        '<table summary="s"><tr><td colspan="2">c</td></tr></table></div></body></html>',
    );
    for (const kept of [
      '<html lang="fr" dir="ltr">',
      '<link rel="canonical" href="/c">',
      '<meta property="og:title" content="T">',
      '<meta name="author" content="A">',
      '<div id="main" class="story" role="main" style="display:none" hidden aria-hidden="true" itemprop="articleBody">',
      '<img src="a.jpg" srcset="a2.jpg 2x">',
      '<time datetime="2024-09-25">',
      '<table summary="s">',
      '<td colspan="2">',
    ])
      expect(html).toContain(kept);
    expect(html).not.toMatch(/onclick|data-props|alt=/);
  });

  it("keeps a lazy image's address wherever it sits, as Readability finds it, and nothing else", () => {
    // Readability makes an image of any img/picture/figure attribute whose value is an image
    // address; the image changes which neighbouring blocks it keeps, so auto-capture needs them.
    const html = serialise(
      '<html><body><figure data-gallery="{&quot;a&quot;:1}" data-bg="https://cdn.example/b.webp?w=800">' +
        '<img class="lazy" data-src="https://cdn.example/a.jpg" data-srcset="https://cdn.example/a.jpg 1x"' +
        ' data-track="click">' +
        '<picture data-hi="/p.png"></picture></figure><div data-src="https://cdn.example/d.jpg">t</div></body></html>',
    );
    expect(html).toContain('<figure data-bg="https://cdn.example/b.webp?w=800">');
    expect(html).toContain(
      '<img class="lazy" data-src="https://cdn.example/a.jpg" data-srcset="https://cdn.example/a.jpg 1x">',
    );
    expect(html).toContain('<picture data-hi="/p.png">');
    expect(html).toContain('<div>t</div>');
  });

  it('writes an SVG as its text only, and comments as empty comments', () => {
    const html = serialise(
      '<html><body><p>a<!-- note -->b</p><svg viewBox="0 0 1 1" class="icon"><title>Share</title>' +
        '<path d="M0 0L1 1"/></svg></body></html>',
    );
    expect(html).toContain('<p>a<!---->b</p>');
    expect(html).toContain('<svg class="icon">Share</svg>');
    expect(html).not.toContain('path');
  });

  it('unwraps elements nested deeper than the depth bound, keeping their text', () => {
    const para = '<p>The council voted on the water budget after a long and heated debate on Monday.</p>';
    const html = serialise(
      `<html><body><article>${'<div>'.repeat(400)}${para.repeat(3)}${'</div>'.repeat(400)}</article></body></html>`,
    );
    const back = reparse(html);
    expect(back.querySelectorAll('div').length).toBe(MAX_SERIALISED_DEPTH - 3); // html, body, article
    expect((back.body.textContent ?? '').match(/council voted/g)).toHaveLength(3);
  });

  it('round-trips a seed page to the same text', () => {
    const page = doc(readFixture('fox-ceasefire-v2'));
    const back = reparse(serialiseDocument(page) ?? '');
    const text = (d: Document) => (d.body.textContent ?? '').replace(/\s+/g, ' ').trim();
    const withoutSkipped = page.cloneNode(true) as Document;
    for (const el of withoutSkipped.querySelectorAll('script, style, noscript, template, iframe'))
      el.remove();
    expect(text(back)).toBe(text(withoutSkipped));
    expect(back.title).toBe(page.title);
  });
});

describe('DocumentSerialiser in slices', () => {
  const page = readFixture('abc-ceasefire');

  it('writes the same HTML whether it runs in one go or stops at every check', () => {
    const whole = serialiseDocument(doc(page));
    const serialiser = new DocumentSerialiser(doc(page), NO_LIMITS);
    let runs = 0;
    while (serialiser.run(() => true) === 'working') runs++;
    expect(runs).toBeGreaterThan(10);
    expect(serialiser.html()).toBe(whole);
    expect(serialiser.length).toBe(whole?.length);
  });

  it('cuts a long text node into pieces without splitting a surrogate pair', () => {
    const text = 'a'.repeat(16_383) + '😀' + 'b'.repeat(40_000);
    const source = `<html><body><p>${text}</p></body></html>`;
    const serialiser = new DocumentSerialiser(doc(source), NO_LIMITS);
    let runs = 0;
    while (serialiser.run(() => true) === 'working') runs++;
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(reparse(serialiser.html()).querySelector('p')?.textContent).toBe(text);
  });

  it('starts again when the page detaches the node it was about to write', () => {
    const live = doc('<html><body><div id="a"><p>one</p><p id="two">two</p></div><p>three</p></body></html>');
    const serialiser = new DocumentSerialiser(live, { ...NO_LIMITS, nodesPerCheck: 1 });
    let checks = 0;
    // html, head, body, div, p, "one": the 7th check comes just before p#two is written.
    expect(serialiser.run(() => ++checks >= 7)).toBe('working');
    live.getElementById('two')?.remove();
    live.body.insertAdjacentText('beforeend', 'four');
    let status = serialiser.run(() => false);
    while (status === 'working') status = serialiser.run(() => false);
    expect(status).toBe('done');
    const back = reparse(serialiser.html());
    expect(back.body.textContent).toBe('onethreefour');
  });

  /** A live page of ten paragraphs, a serialiser over it and the page's change records. */
  function livePage() {
    const live = doc(
      `<html><body><main>${Array.from({ length: 10 }, (_, i) => `<p id="p${i}">Revision 0, paragraph ${i}.</p>`).join('')}</main></body></html>`,
    );
    const observer = new (live.defaultView as Window & typeof globalThis).MutationObserver(() => undefined);
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    const serialiser = new DocumentSerialiser(live, { ...NO_LIMITS, nodesPerCheck: 1 });
    // html, head, body, main, then p0 "…" p1 "…" p2 "…": stop with p3 next.
    let checks = 0;
    expect(serialiser.run(() => ++checks >= 11)).toBe('working');
    const finish = (): string[] => {
      serialiser.noteChanges(observer.takeRecords());
      let status = serialiser.run(() => false);
      while (status === 'working') status = serialiser.run(() => false);
      expect(status).toBe('done');
      return [...reparse(serialiser.html()).querySelectorAll('p')].map((p) => p.textContent ?? '');
    };
    return { live, serialiser, finish };
  }

  it('starts again when the page rewrites text already written, so revisions never mix', () => {
    const { live, serialiser, finish } = livePage();
    for (const p of live.querySelectorAll('p')) p.textContent = (p.textContent ?? '').replace('0', '1');
    const texts = finish();
    expect(new Set(texts.map((t) => t.slice(0, 10)))).toEqual(new Set(['Revision 1']));
    expect(serialiser.restartCount).toBe(1);
  });

  it('reads changes ahead of the walk where they are, without starting again', () => {
    const { live, serialiser, finish } = livePage();
    live.getElementById('p8')!.textContent = 'Revision 1, paragraph 8.';
    live.querySelector('main')!.append(live.createElement('p'));
    live.body.append('tail');
    const texts = finish();
    expect(texts[8]).toBe('Revision 1, paragraph 8.');
    expect(texts).toHaveLength(11);
    expect(serialiser.restartCount).toBe(0);
  });

  it('starts again when the page inserts or removes nodes before the walk', () => {
    const inserted = livePage();
    inserted.live.getElementById('p3')!.before(inserted.live.createTextNode('late'));
    expect(inserted.finish()).toHaveLength(10);
    expect(inserted.serialiser.restartCount).toBe(1);

    const removed = livePage();
    removed.live.getElementById('p1')!.remove();
    expect(removed.finish()).toHaveLength(9);
    expect(removed.serialiser.restartCount).toBe(1);
  });

  it('gives up on a page that keeps moving, and on pages over its limits', () => {
    const live = doc(`<html><body>${'<p>x</p>'.repeat(50)}</body></html>`);
    const restless = new DocumentSerialiser(live, { ...NO_LIMITS, nodesPerCheck: 1 });
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      let checks = 0;
      statuses.push(restless.run(() => ++checks >= 8));
      // A page that re-renders its body between idle periods detaches whatever the walk was at.
      live.body.replaceChildren(...Array.from({ length: 50 }, () => live.createElement('p')));
    }
    expect(statuses).toEqual(['working', 'working', 'working', 'working', 'unstable']);

    expect(serialiseDocument(doc(page), { maxChars: 1000, maxElements: Infinity })).toBeNull();
    expect(serialiseDocument(doc(page), { maxChars: Infinity, maxElements: 10 })).toBeNull();
    const small = new DocumentSerialiser(doc(page), { maxChars: 1000, maxElements: Infinity });
    expect(small.run(() => false)).toBe('too-large');
    expect(() => small.html()).toThrow(/too-large/);
  });
});
