import { describe, expect, it } from 'vitest';
import {
  articleOverlap,
  judgeCapture,
  nonArticleKind,
  pageTextOf,
  SAME_ARTICLE_OVERLAP,
} from '../../src/archive/index';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import type { Article, ExtractResult } from '../../src/model/types';
import { readSeedPage } from '../stand-ins/archive-server';

const ADDRESS =
  'https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';

function articleOf(html: string): Article {
  const result = extractArticleFromHtml(html, ADDRESS);
  if (!result.ok) throw new Error(`fixture did not extract: ${result.message}`);
  return result.article;
}

function judge(html: string, live: Article | null, seen = new Map<string, string>()) {
  const page = pageTextOf(html);
  return judgeCapture(
    { extracted: extractArticleFromHtml(html, ADDRESS), pageText: page.text, pageTitle: page.title },
    live,
    seen,
  );
}

/** A plain article page around `paragraphs`, with the footer every news page has. */
function page(title: string, paragraphs: string[], extra = ''): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/account">Sign in</a></nav></header>
<main><article><h1>${title}</h1>${body}${extra}</article></main>
<footer><p>Subscribe to our newsletter. <a href="/privacy">Privacy Policy</a> · <a href="/cookies">Cookie Settings</a> · <a href="/terms">Terms of Use</a>. We and our partners use cookies; accept or reject them in your privacy settings.</p></footer>
</body></html>`;
}

const v1Html = readSeedPage('fox-ceasefire-v1');
const v2Html = readSeedPage('fox-ceasefire-v2');
const live = articleOf(v2Html);
const v1 = articleOf(v1Html);

describe('is this capture the article?', () => {
  it('uses an earlier version, and calls a repeat of its text the same', () => {
    expect(judge(v1Html, live)).toEqual({ status: 'used', reason: null, reasonCode: null });
    const seen = new Map([[v1.contentHash, '2024-09-25 13:52 UTC']]);
    expect(judge(v1Html, live, seen)).toEqual({
      status: 'same',
      reason: 'same text as the capture of 2024-09-25 13:52 UTC',
      reasonCode: 'same-text',
    });
  });

  it('skips a consent wall, whether or not extraction made an article of it', () => {
    const wall = `<!DOCTYPE html><html><head><title>Before you continue</title></head><body><div>
<h1>We value your privacy</h1>
<p>We and our partners store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers, for personalised ads and content, ad and content measurement, audience insights and product development.</p>
<p>You may click to consent to our and our partners' processing as described above, or access more detailed information and change your preferences before consenting. Some partners rely on legitimate interest.</p>
<button>Accept all</button><button>Reject all</button><button>Manage options</button></div></body></html>`;
    expect(judge(wall, live)).toEqual({
      status: 'skipped',
      reason: 'cookie wall',
      reasonCode: 'cookie-wall',
    });
    const rejected: ExtractResult = {
      ok: false,
      reason: 'not-readerable',
      message: 'does not look like an article',
    };
    const { text, title } = pageTextOf(wall);
    expect(judgeCapture({ extracted: rejected, pageText: text, pageTitle: title }, live, new Map())).toEqual({
      status: 'skipped',
      reason: 'cookie wall',
      reasonCode: 'cookie-wall',
    });
  });

  it('skips a paywall stub: the first lines of the article and a subscription offer', () => {
    const teaser = live.paragraphs.slice(0, 3);
    const stub = page(
      live.title,
      teaser,
      '<div class="paywall"><p>Subscribe to continue reading.</p><p>Already a subscriber? Sign in.</p></div>',
    );
    expect(judge(stub, live)).toEqual({ status: 'skipped', reason: 'paywall stub', reasonCode: 'paywall' });
  });

  it('uses a short early version, whose page footer speaks of cookies and subscriptions like any other', () => {
    const early = page(v1.title, v1.paragraphs.slice(0, 5));
    const judgement = judge(early, live);
    expect(judgement).toEqual({ status: 'used', reason: null, reasonCode: null });
  });

  it('uses a short early report whose subject is consent walls', () => {
    const story = [
      'European regulators on Tuesday ordered the largest websites to let visitors reject all cookies with a single click, as easily as they accept them, ending years of banners that hid the refusal behind several menus.',
      'The ruling by the data protection board applies to publishers and their advertising partners, who must now ask for consent before storing identifiers on a device, the board said in a statement.',
      'Publishers warned that revenue from personalised advertising could fall by a third if most readers refuse, and several said they would ask readers to pay or to accept tracking instead.',
      'Consumer groups welcomed the decision, which follows complaints filed in 2021 against 560 websites whose banners, they argued, pushed visitors towards the accept button with colours and wording.',
      'The companies have six months to change their banners. Fines can reach 4% of worldwide turnover, and the board said it would audit a sample of sites from March.',
      'Industry associations said they were studying the ruling and might appeal. Several large publishers said they had already tested banners with a reject button and saw fewer readers leave.',
    ];
    const liveStory = articleOf(page('Regulators order one-click cookie refusal', story));
    const early = page('Regulators order one-click cookie refusal', story.slice(0, 2));
    expect(judge(early, liveStory)).toEqual({ status: 'used', reason: null, reasonCode: null });
  });

  it('skips an error page', () => {
    const missing = `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Page not found</h1>
<p>Sorry, the page you requested could not be found. It may have been moved or deleted.</p></body></html>`;
    expect(judge(missing, live)).toEqual({
      status: 'skipped',
      reason: 'error page',
      reasonCode: 'error-page',
    });
    const { text, title } = pageTextOf(missing);
    expect(nonArticleKind(text, title)).toBe('error page');
  });

  it('skips another article found at the address, naming it', () => {
    const other = readSeedPage('abc-ceasefire');
    const overlap = articleOverlap(articleOf(other), live);
    expect(overlap).toBeLessThan(SAME_ARTICLE_OVERLAP);
    const judgement = judge(other, live);
    expect(judgement.status).toBe('skipped');
    expect(judgement.reasonCode).toBe('different-article');
    expect(judgement.reason).toMatch(
      /^a different article: ".+" shares \d+% of its terms with the live page$/,
    );
    // Versions of one article stay well above the line.
    expect(articleOverlap(v1, live)).toBeGreaterThan(0.9);
  });

  it('without the live page, judges the page alone', () => {
    expect(judge(readSeedPage('abc-ceasefire'), null)).toEqual({
      status: 'used',
      reason: null,
      reasonCode: null,
    });
    const rejected: ExtractResult = { ok: false, reason: 'no-content', message: 'nothing with sentences' };
    expect(
      judgeCapture({ extracted: rejected, pageText: 'Menu Home', pageTitle: 'Home' }, null, new Map()),
    ).toEqual({
      status: 'skipped',
      reason: 'not an article (no-content): nothing with sentences',
      reasonCode: 'not-article',
    });
  });

  it('names no kind for the text of an article', () => {
    expect(nonArticleKind(live.paragraphs.join('\n'), live.title)).toBeNull();
    expect(nonArticleKind(v1.paragraphs.join('\n'), v1.title)).toBeNull();
  });
});
