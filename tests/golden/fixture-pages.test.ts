/**
 * Every fixture folder (tests/fixtures/pages/<name>/ and tests/fixtures/hostile/<name>/, see
 * tests/fixtures/README.md) extracts to its expected files. A new folder is checked as soon as it
 * exists; `npm run fixtures:regenerate` writes its expected files.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE_MARKUP } from '../e2e/harness/site';
import { currentExpectations, storedExpectations } from '../fixtures/expected';
import { EXPECTED_ARTICLE_FILE, EXPECTED_CLAIMS_FILE, fixtureFolders } from '../fixtures/folders';
import { escapeHtml, hostileArticle, markupAsTextPage, PAYLOADS } from '../fixtures/hostile/pages';

const REGENERATE = 'run `npm run fixtures:regenerate` and review the diff';

const folders = fixtureFolders();

describe('fixture folders', () => {
  it('finds the seed pages and the stored hostile pages', () => {
    const names = folders.map((f) => `${f.set}/${f.name}`);
    for (const name of ['pages/fox-ceasefire-v1', 'pages/fox-ceasefire-v2', 'pages/abc-ceasefire']) {
      expect(names).toContain(name);
    }
    expect(names.filter((name) => name.startsWith('hostile/')).length).toBeGreaterThanOrEqual(5);
  });
});

describe.each(folders.map((folder) => [`${folder.set}/${folder.name}`, folder] as const))(
  '%s',
  (_, folder) => {
    const stored = storedExpectations(folder);
    const current = currentExpectations(folder);

    it(`extracts to ${EXPECTED_ARTICLE_FILE}`, () => {
      expect(stored.article, `${folder.dir} has no ${EXPECTED_ARTICLE_FILE}: ${REGENERATE}`).toBeDefined();
      expect(current.article, `${folder.dir}: ${REGENERATE} if the change is meant`).toEqual(stored.article);
    });

    it(`finds the claims of ${EXPECTED_CLAIMS_FILE}`, () => {
      if (current.claims === null) {
        expect(
          stored.claims,
          `${folder.dir} is not an article but has ${EXPECTED_CLAIMS_FILE}`,
        ).toBeUndefined();
        return;
      }
      expect(stored.claims, `${folder.dir} has no ${EXPECTED_CLAIMS_FILE}: ${REGENERATE}`).toBeDefined();
      expect(current.claims, `${folder.dir}: ${REGENERATE} if the change is meant`).toEqual(stored.claims);
    });
  },
);

describe('stored hostile pages', () => {
  it('carry every payload as text in both editions', () => {
    for (const edition of [1, 2] as const) {
      const html = hostileArticle(edition);
      for (const payload of PAYLOADS) expect(html, `edition ${edition}`).toContain(escapeHtml(payload));
    }
  });

  it('differ between editions in a figure and a quote only', () => {
    const [one, two] = [hostileArticle(1), hostileArticle(2)];
    expect(one).toContain('1,800 homes');
    expect(two).toContain('about 2,000 homes');
    expect(one).toContain('waited long enough');
    expect(two).toContain('waited far too long');
    const rest = (html: string) =>
      html.replace(/1,800|about 2,000/, 'N').replace(/waited (long enough|far too long)/, 'Q');
    expect(rest(two)).toBe(rest(one));
  });

  it('show the e2e news site’s markup as text in the title and the first paragraph', () => {
    const html = markupAsTextPage();
    expect(html).not.toContain(HOSTILE_MARKUP);
    expect(html).toContain(`<title>${escapeHtml(HOSTILE_MARKUP)}`);
    expect(html).toContain(`<p>${escapeHtml(HOSTILE_MARKUP)} members voted`);
  });
});
