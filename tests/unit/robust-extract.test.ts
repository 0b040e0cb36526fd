/**
 * Odd pages the extractor meets in the wild that tests/unit/extract-bad-input.test.ts does not
 * already cover: frames, shadow DOM, pages without a single sentence, markup smuggled in as
 * entities, and an unrelated article next to a seed (nothing invented between them).
 */
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyse as analyseArticle } from '../../src/claims/index';
import { compareArticles } from '../../src/compare/index';
import { extractArticle } from '../../src/extract/index';
import type { ExtractResult } from '../../src/model/types';
import { readFixture, SEED_PAGES } from '../fixtures/pages';

const URL_ = 'https://news.example.org/world/story';

const STORY = [
  'The city council voted seven to two on Tuesday night to approve a new budget for the water works, a council spokesperson said.',
  'The plan sets aside $4.2 million for replacing lead pipes in the older neighbourhoods north of the river over the next three years.',
  '"We have waited long enough for this," council member Dana Ortiz said after the vote, adding that work would start in the spring.',
  'Two members voted against the plan, arguing that the cost should be shared with the county rather than paid by residents alone.',
];

function documentOf(html: string, options: { runScripts?: boolean } = {}): Document {
  return new JSDOM(html, {
    url: URL_,
    virtualConsole: new VirtualConsole(),
    ...(options.runScripts ? { runScripts: 'dangerously' as const } : {}),
  }).window.document;
}

function articlePage(body: string, title = 'Council approves water budget'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

const paragraphs = (texts: string[]): string => texts.map((text) => `<p>${text}</p>`).join('');

function expectArticle(result: ExtractResult): asserts result is Extract<ExtractResult, { ok: true }> {
  expect(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`).toBe(true);
}

describe('frames and shadow DOM', () => {
  it('reads the article around iframes and never their content', () => {
    const frames = [
      '<iframe srcdoc="<p>FRAME TEXT inside a frame</p>"></iframe>',
      '<iframe src="javascript:parent.__pwned=1"></iframe>',
      '<iframe src="https://ads.example/slot"></iframe>',
    ];
    const html = articlePage(
      `<article><h1>Council approves water budget</h1>${paragraphs(STORY.slice(0, 2))}${frames.join('')}${paragraphs(STORY.slice(2))}</article>`,
    );
    const result = extractArticle(documentOf(html), URL_);
    expectArticle(result);
    expect(result.article.paragraphs).toEqual(STORY);
    expect(JSON.stringify(result.article)).not.toMatch(/FRAME TEXT|__pwned|ads\.example/);
  });

  it('says a page that is only a frame is not an article, with a reason', () => {
    const html = articlePage(`<iframe src="https://elsewhere.example/story" width="100%"></iframe>`);
    const result = extractArticle(documentOf(html), URL_);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(['empty', 'not-readerable', 'no-content']).toContain(result.reason);
      expect(result.message).toMatch(/\w{4}/);
    }
  });

  it('reads the light DOM of a page with shadow roots, and ignores what the shadow roots hold', () => {
    const html = articlePage(
      `<article><h1>Council approves water budget</h1><share-bar id="share"></share-bar>${paragraphs(STORY)}<comments-widget id="comments"></comments-widget></article>`,
    );
    const document = documentOf(html);
    for (const id of ['share', 'comments']) {
      const root = document.getElementById(id)!.attachShadow({ mode: 'open' });
      const p = document.createElement('p');
      p.textContent = `SHADOW ${id}: a long comment that readers wrote below the story, which is not part of the report itself at all.`;
      root.append(p);
    }
    const result = extractArticle(document, URL_);
    expectArticle(result);
    expect(result.article.paragraphs).toEqual(STORY);
    expect(JSON.stringify(result.article)).not.toContain('SHADOW');
  });

  it('gives a clear reason when the whole article lives in a shadow root', () => {
    const document = documentOf(articlePage('<news-article id="story"></news-article>'));
    const root = document.getElementById('story')!.attachShadow({ mode: 'closed' });
    for (const text of STORY) {
      const p = document.createElement('p');
      p.textContent = text;
      root.append(p);
    }
    const result = extractArticle(document, URL_, { force: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(['empty', 'no-content']).toContain(result.reason);
      expect(result.message).toMatch(/\w{4}/);
    }
  });
});

describe('pages without sentences', () => {
  const tables = articlePage(
    `<main><h1>Scores</h1><table>${Array.from({ length: 80 }, (_, i) => `<tr><td>Team ${i}</td><td>${i * 3}</td><td>${i % 7}</td></tr>`).join('')}</table></main>`,
    'Scores',
  );

  it('says a table of figures is not an article', () => {
    const result = extractArticle(documentOf(tables), URL_);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it('still refuses it, with a reason, when the reader insists', () => {
    const result = extractArticle(documentOf(tables), URL_, { force: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/no-content|empty/);
  });

  it('says a page of images and captions-free figures is not an article', () => {
    const images = Array.from({ length: 40 }, (_, i) => `<figure><img src="/p/${i}.jpg" alt=""></figure>`);
    const result = extractArticle(documentOf(articlePage(`<main>${images.join('')}</main>`)), URL_, {
      force: true,
    });
    expect(result.ok).toBe(false);
  });
});

describe('markup in page text', () => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const escaped = payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it('keeps entity-encoded markup as literal text in every field and never runs page script', () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escaped} Council approves water budget</title>
<meta property="og:site_name" content="${escaped.replace(/"/g, '&quot;')}">
<link rel="canonical" href="javascript:window.__pwned=3">
<script>window.__pwned = 4</script></head><body><article>
<h1>${escaped} Council approves water budget</h1>
<p class="byline">By ${escaped} Jordan Lee</p>
${paragraphs([`${escaped} ${STORY[0]}`, ...STORY.slice(1), `“${escaped} is what they wrote,” Dana Ortiz said of the protest signs outside.`])}
<p>Read <a href="javascript:window.__pwned=5">the budget document</a> on the council website before the public meeting on March 14.</p>
</article></body></html>`;
    const dom = new JSDOM(html, { url: URL_, virtualConsole: new VirtualConsole() });
    const result = extractArticle(dom.window.document, URL_);
    expectArticle(result);
    const { article } = result;
    expect(article.title).toContain(payload);
    expect(article.paragraphs[0]).toBe(`${payload} ${STORY[0]}`);
    expect(article.paragraphs.join('\n')).toContain(`“${payload} is what they wrote,”`);
    // A javascript: canonical is not an address: the article keeps the page's own.
    expect(article.canonicalUrl ?? article.url).toMatch(/^https:/);
    expect(article.urlKey).toMatch(/^https:/);
    expect(JSON.stringify(article)).not.toContain('javascript:');
    expect((dom.window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(dom.window.document.querySelectorAll('img').length).toBe(0);
  });
});

describe('identical and unrelated articles', () => {
  const seed = (name: keyof typeof SEED_PAGES) => {
    const result = extractArticle(documentOf(readFixture(name)), SEED_PAGES[name].url);
    expectArticle(result);
    return analyseArticle(result.article);
  };

  it('finds no differences between two identical captures', () => {
    const comparison = compareArticles(seed('fox-ceasefire-v2'), seed('fox-ceasefire-v2'));
    expect(comparison.relation).toBe('version');
    expect(comparison.differences).toEqual([]);
  });

  it('calls an unrelated article unrelated and invents no conflicts with it', () => {
    const unrelated = extractArticle(
      documentOf(
        articlePage(`<article><h1>Council approves water budget</h1>${paragraphs(STORY)}</article>`),
      ),
      URL_,
    );
    expectArticle(unrelated);
    const abc = seed('abc-ceasefire');
    const council = analyseArticle(unrelated.article);
    expect(compareArticles(abc, council).relation).toBe('unrelated');
    // Even when told they are reports of one event, nothing in them disagrees.
    const forced = compareArticles(abc, council, 'sibling').differences;
    expect(forced.filter((d) => d.kind === 'conflict' || d.kind === 'different-quote')).toEqual([]);
  });
});
