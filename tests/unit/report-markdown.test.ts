import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareArticles } from '../../src/compare/index';
import { comparisonHtml, comparisonMarkdown, escapeMarkdown, originLabel } from '../../src/model/report';
import { seedArticle } from './service-fixtures';

const before = seedArticle('fox-ceasefire-v1');
const after = seedArticle('fox-ceasefire-v2');
const comparison = compareArticles(analyse(before), analyse(after));
const CAPTURE = 'https://web.archive.org/web/20240925135200id_/https://www.foxnews.com/politics/x';

const report = () =>
  comparisonMarkdown({
    headline: after.title,
    outlet: 'Fox News',
    address: 'https://www.foxnews.com/politics/x',
    before: {
      capturedAt: Date.UTC(2024, 8, 25, 13, 52),
      origin: {
        kind: 'archive',
        archive: 'Internet Archive',
        base: 'https://web.archive.org',
        captureUrl: CAPTURE,
      },
      contentHash: before.contentHash,
    },
    after: {
      capturedAt: Date.UTC(2024, 9, 1, 9, 5),
      origin: { kind: 'reader' },
      contentHash: after.contentHash,
    },
    comparison,
  });

describe('a comparison as Markdown', () => {
  it('names the article, both versions with time, origin and hash, and every difference', () => {
    const text = report();
    expect(text.startsWith(`# ${escapeMarkdown(after.title)}\n`)).toBe(true);
    expect(text).toContain('- Outlet: Fox News');
    expect(text).toContain('- Address: <https://www.foxnews.com/politics/x>');
    expect(text).toContain(
      `- Before: Internet Archive, captured 25 Sep 2024 13:52 UTC, <${CAPTURE}> (content hash \`${before.contentHash}\`)`,
    );
    expect(text).toContain(
      `- After: saved in the reader's browser, 1 Oct 2024 09:05 UTC (content hash \`${after.contentHash}\`)`,
    );
    expect(text).toContain(`## ${comparison.differences.length} differences, most significant first`);
    const items = text.split('\n').filter((line) => /^\d+\. \*\*/.test(line));
    expect(items).toHaveLength(comparison.differences.length);
    expect(text).toMatch(/number: 40,000 U\.S\. troops → a small number of U\.S\. troops/);
    expect(text).toMatch(/- Before: .*40,000/);
  });

  it('keeps page text literal: no links, images, headings or HTML from the page', () => {
    const hostile =
      '# Big [news](https://evil.example) ![x](https://evil.example/p.png) <img src=x onerror=1> *bold*';
    const escaped = escapeMarkdown(hostile);
    expect(escaped).not.toMatch(/(^|[^\\])[[\]<>()*#!]/);
    expect(escaped.replace(/\\(.)/g, '$1')).toBe(hostile);
    expect(escapeMarkdown('1. first\nsecond')).toBe('1\\. first second');
  });

  it('labels the reader’s own versions and archive captures', () => {
    expect(originLabel({ capturedAt: Date.UTC(2024, 8, 25, 14), origin: { kind: 'reader' } })).toBe(
      "saved in the reader's browser, 25 Sep 2024 14:00 UTC",
    );
  });
});

const REPORT_TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'h2',
  'dl',
  'dt',
  'dd',
  'br',
  'code',
  'span',
  'ol',
  'li',
  'div',
  'p',
  'small',
]);

describe('a comparison as a self-contained HTML file', () => {
  it('keeps page text as text, and carries each capture address and content hash', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const html = comparisonHtml({
      headline: hostile,
      outlet: 'Fox <b>News</b>',
      address: 'https://www.foxnews.com/politics/x?a=1&b="2"',
      before: {
        capturedAt: Date.UTC(2024, 8, 25, 13, 52),
        origin: {
          kind: 'archive',
          archive: 'Internet Archive',
          base: 'https://web.archive.org',
          captureUrl: CAPTURE,
        },
        contentHash: before.contentHash,
      },
      after: {
        capturedAt: Date.UTC(2024, 9, 1, 9, 5),
        origin: { kind: 'reader' },
        contentHash: after.contentHash,
      },
      comparison,
    });
    // Every tag in the file is one of the report's own; the page's markup arrives as text.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9!]+)/gi)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].every((tag) => REPORT_TAGS.has(tag))).toBe(true);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain(CAPTURE);
    expect(html).toContain(before.contentHash);
    expect(html).toContain(after.contentHash);
    expect(html).toContain('Internet Archive, captured 25 Sep 2024 13:52 UTC');
    expect(html).toContain(`${comparison.differences.length} differences, most significant first`);
  });
});
