// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- async stand-ins for an async interface, and act() callbacks */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComparePage } from '../../src/ui/compare-page/ComparePage';
import { parseCompareParams } from '../../src/ui/shared/routes';
import { layoutSide } from '../../src/ui/compare-page/layout';
import type { Difference } from '../../src/model/types';
import { FakeBackground, fakePage, makeArticle, seedLibrary, type FakePage } from './options-fixtures';
import { byTestId, click, press, waitFor } from './options-dom';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => render(null, container));
  container.remove();
});

async function open(background: FakeBackground, search: string): Promise<FakePage> {
  const page = fakePage(background);
  await act(async () => render(<ComparePage client={page} params={parseCompareParams(search)} />, container));
  await waitFor(() => byTestId(container, 'difference-list') ?? container.querySelector('.cc-error'), 'page');
  return page;
}

const text = () => container.querySelector<HTMLElement>('[data-testid="compare-text"]')!;

describe('comparison page, Fox v1 → v2', () => {
  it('marks each difference in place in the later text', async () => {
    const { background, versionIds } = seedLibrary();
    await open(background, `?before=${versionIds.v1}&after=${versionIds.v2}`);

    // The number swapped for vague wording: one sentence, old words struck, new words inserted.
    const troops = text().querySelector<HTMLElement>('mark[data-diff="0"]')!;
    expect(troops.textContent).toContain('U.S. troops to the Middle East.');
    expect([...troops.querySelectorAll('del')].map((d) => d.textContent).join(' ')).toContain('40,000');
    expect([...troops.querySelectorAll('ins')].map((d) => d.textContent).join(' ')).toContain('small number');

    // Whole later text is there, paragraph by paragraph.
    expect(text().querySelectorAll('p.cc-paragraph').length).toBeGreaterThanOrEqual(15);
    expect(text().textContent).toContain('Jean-Noël Barrot');

    // The removed sentence is struck through where it stood: after the France sentence.
    const removed = text().querySelector<HTMLElement>('del.cc-removed[data-diff="3"]')!;
    expect(removed.textContent).toContain('release of hostages in Gaza, the official said.');
    const france = text().querySelector<HTMLElement>('mark[data-diff="2"]')!;
    expect(france.compareDocumentPosition(removed) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const barrot = [...text().querySelectorAll('p')].find((p) =>
      p.textContent?.startsWith('“We are counting'),
    )!;
    expect(removed.compareDocumentPosition(barrot) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // An added claim is marked as added.
    expect(text().querySelector('mark.cc-kind-added')?.textContent).toContain('moved to Cyprus');
  });

  it('copies the comparison as Markdown: both versions with time, origin and hash, each difference', async () => {
    const { background, versionIds } = seedLibrary();
    const page = await open(background, `?before=${versionIds.v1}&after=${versionIds.v2}`);
    await act(async () => byTestId<HTMLButtonElement>(container, 'copy-text')!.click());
    await waitFor(() => page.copied[0], 'the copied text');
    const markdown = page.copied[0]!;
    expect(markdown).toMatch(/^# US push/);
    expect(markdown).toMatch(/- Before: saved in the reader's browser, .* UTC \(content hash `[^`]+`\)/);
    expect(markdown).toContain('40,000');
    expect(markdown).toContain('a small number');
  });

  it('saves the comparison as one self-contained HTML file: no script, no remote resource, hashes and times', async () => {
    const { background, versionIds } = seedLibrary();
    const page = await open(background, `?before=${versionIds.v1}&after=${versionIds.v2}`);
    await act(async () => byTestId<HTMLButtonElement>(container, 'save-report')!.click());
    expect(page.saved).toHaveLength(1);
    const { name, text } = page.saved[0]!;
    expect(name).toMatch(/^crosscheck-report-foxnews\.com-[^/\\]+\.html$/);
    const report = new DOMParser().parseFromString(text, 'text/html');
    expect(report.querySelectorAll('script, img, link, iframe, object, embed, [src], [href]')).toHaveLength(
      0,
    );
    expect(report.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(report.querySelector('h1')?.textContent).toMatch(/^US push/);
    expect(report.querySelectorAll('code')).toHaveLength(2);
    expect(report.body.textContent).toMatch(/saved in the reader's browser, .* UTC/);
    const items = [...report.querySelectorAll('ol > li')].map((li) => li.textContent ?? '');
    expect(items.some((item) => item.includes('40,000') && item.includes('a small number'))).toBe(true);
  });

  it('lists the differences with their kind and facet badges and moves between them by keyboard', async () => {
    const { background, versionIds } = seedLibrary();
    await open(background, `?before=${versionIds.v1}&after=${versionIds.v2}`);
    const items = [...container.querySelectorAll<HTMLElement>('[data-testid="diff-item"]')];
    expect(items).toHaveLength(5);
    expect(items[0]!.textContent).toContain('40,000 U.S. troops');
    expect(items[0]!.querySelector('[data-kind="changed"]')).not.toBeNull();
    expect(items[3]!.querySelector('[data-kind="removed"]')).not.toBeNull();
    expect(container.textContent).toMatch(/n or j .* p or k/);

    await click(items[3]!);
    expect(document.activeElement?.getAttribute('data-diff')).toBe('3');
    await press('n');
    expect(text().querySelector('.cc-current')?.getAttribute('data-diff')).toBe('4');
    await press('k');
    await press('k');
    expect(text().querySelector('.cc-current')?.getAttribute('data-diff')).toBe('2');
  });

  it('shows both versions side by side, each with only its own words', async () => {
    const { background, versionIds } = seedLibrary();
    await open(background, `?before=${versionIds.v1}&after=${versionIds.v2}`);
    await click(byTestId(container, 'view-side')!);
    const before = container.querySelector('.cc-text[data-side="before"]')!;
    const after = container.querySelector('.cc-text[data-side="after"]')!;
    const struck = [...before.querySelectorAll('mark[data-diff="0"] del')].map((d) => d.textContent);
    expect(struck).toEqual(['On Monday, the', '40,000']);
    expect(before.querySelector('mark[data-diff="0"] ins')).toBeNull();
    expect(after.querySelector('mark[data-diff="0"] del')).toBeNull();
    expect(before.querySelector('mark[data-diff="3"]')?.textContent).toContain('hostages in Gaza');
    expect(after.querySelector('[data-diff="3"]')).toBeNull();
  });

  it('explains a bad address instead of showing a blank page', async () => {
    await open(new FakeBackground(), '?before=abc');
    expect(container.querySelector('.cc-error')?.textContent).toContain('needs two version numbers');
  });
});

describe('comparison page, Fox v2 vs ABC', () => {
  it('opens side by side, names each outlet and does not present one report as an edit of the other', async () => {
    const { background, versionIds } = seedLibrary();
    await open(background, `?before=${versionIds.v2}&after=${versionIds.abc}&sibling=1`);
    expect(text().dataset.mode).toBe('side');
    const fox = container.querySelector('.cc-text[data-side="before"]')!;
    const abc = container.querySelector('.cc-text[data-side="after"]')!;
    expect(fox.querySelector('mark[data-diff="1"]')?.textContent).toContain('560');
    expect(abc.querySelector('mark[data-diff="2"]')?.textContent).toContain('Mossad');
    expect(fox.querySelector('mark[data-diff="0"]')?.textContent).toContain('We know tensions are high');
    expect(abc.querySelector('mark[data-diff="0"]')?.textContent).toContain('Sabrina Singh');

    const items = [...container.querySelectorAll<HTMLElement>('[data-testid="diff-item"]')];
    expect(items[1]!.querySelector('[data-kind]')?.textContent).toBe('Only in Fox News');
    expect(items[2]!.querySelector('[data-kind]')?.textContent).toBe('Only in ABC News');
    expect(items[0]!.textContent).toContain('Both quote Sabrina Singh');
    for (const item of items)
      expect(item.querySelector('.cc-facet-change del, .cc-facet-change ins')).toBeNull();
  });
});

describe('hostile page text', () => {
  it('renders markup in article text and differences as literal text', async () => {
    const background = new FakeBackground();
    const hostile = 'He wrote <img src=x onerror=alert(1)> and <script>alert(2)</script> in the post.';
    const before = makeArticle('https://evil.example/a', 'Evil', 'Title <b>bold</b>', [
      'First paragraph.',
      'He wrote nothing.',
    ]);
    const after = makeArticle('https://evil.example/a', 'Evil', 'Title <b>bold</b>', [
      'First paragraph.',
      hostile,
    ]);
    const entry = background.add(1, 'evil.example', [before, after]);
    const [v1, v2] = entry.versions.map((v) => v.summary.id) as [number, number];
    const difference: Difference = {
      kind: 'changed',
      before: 'He wrote nothing.',
      after: hostile,
      facets: [{ type: 'quote', before: null, after: '<iframe src=x>' }],
      significance: 1,
      beforeId: 'x',
      afterId: 'y',
      words: [
        { value: 'He wrote ' },
        { value: 'nothing.', removed: true },
        { value: hostile.slice('He wrote '.length), added: true },
      ],
      reason: '<a href="javascript:alert(3)">why</a>',
    };
    background.comparisons.set(`${v1}-${v2}`, {
      relation: 'version',
      similarity: 0.5,
      before: { title: before.title, siteName: 'Evil', url: before.url, byline: null, publishedTime: null },
      after: { title: after.title, siteName: 'Evil', url: after.url, byline: null, publishedTime: null },
      differences: [difference],
    });
    await open(background, `?before=${v1}&after=${v2}`);
    await click(byTestId(container, 'view-side')!);
    await click(byTestId(container, 'view-inline')!);

    expect(container.querySelectorAll('img, script, iframe, b, a[href^="javascript"]')).toHaveLength(0);
    expect(text().querySelector('mark[data-diff="0"]')?.textContent).toContain(
      '<img src=x onerror=alert(1)>',
    );
    expect(container.textContent).toContain('<script>alert(2)</script>');
    expect(container.textContent).toContain('<iframe src=x>');
  });
});

describe('layoutSide', () => {
  it('finds a sentence whatever its quote marks and spacing', () => {
    const paragraphs = ['“We know tensions are high,” she said.  Then   more.'];
    const diff: Difference = {
      kind: 'added',
      before: null,
      after: '"We know tensions are high," she said.',
      facets: [],
      significance: 1,
      beforeId: null,
      afterId: 'a',
      words: null,
      reason: null,
    };
    const { blocks, unplaced } = layoutSide(paragraphs, [diff], 'after');
    expect(unplaced).toEqual([]);
    expect(blocks[0]!.segments[0]).toEqual({
      kind: 'mark',
      text: '“We know tensions are high,” she said.',
      diff: 0,
      words: null,
    });
    expect(blocks[0]!.segments.map((s) => s.text).join('')).toBe(paragraphs[0]);
  });
});
