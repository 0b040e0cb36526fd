/**
 * Reading the popup's DOM the same way in Chromium (playwright) and Firefox (puppeteer), for
 * the e2e tests and the `npm start` demo. The contract is the popup's: a root `[data-state]`
 * (+ `data-reason`), sections `[data-section]`, differences `li[data-kind][data-facets]`,
 * other reports `li[data-sibling]` whose differences load when their disclosure is opened.
 */

/** Runs `fn(arg)` inside the popup page; each browser driver adapts its own evaluate to this. */
export type Evaluate = <Result, Arg>(fn: (arg: Arg) => Result | Promise<Result>, arg: Arg) => Promise<Result>;

export interface DifferenceView {
  kind: string;
  facets: string[];
  /** What the popup shows as the earlier / this-article side (null when it shows one side only). */
  before: string | null;
  after: string | null;
  /** The single claim shown for an added / removed / one-sided difference. */
  text: string | null;
  facetLines: string[];
  /** Why the difference is shown ("Both quote Sabrina Singh, with different words."). */
  reason: string;
}

export interface SiblingView {
  outlet: string;
  title: string;
  groups: { heading: string; differences: DifferenceView[] }[];
  /** Text shown in the panel when it holds no differences (empty notice, error). */
  note: string;
}

export interface PopupView {
  state: string | null;
  reason: string | null;
  title: string;
  meta: string;
  /** The changes section's notice when it has no list ("Saved — nothing earlier…"). */
  changesNote: string;
  changes: DifferenceView[];
  siblings: SiblingView[];
  /** All visible text, for assertions on wording. */
  text: string;
}

const POLL_MS = 100;

/**
 * The source text to evaluate for `fn(arg)`. Functions cross into the page as source, and
 * tsx/esbuild wrap named inner functions in a `__name(...)` helper that exists only in Node,
 * so the page gets a stand-in for it.
 */
export function pageExpression<Result, Arg>(fn: (arg: Arg) => Result | Promise<Result>, arg: Arg): string {
  return `(() => { const __name = (target) => target; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
}

/** The page is mid-navigation: asking again shortly is the answer, not failing. */
function isNavigationRace(error: unknown): boolean {
  return /context was destroyed|navigat|Target closed|detached/i.test(
    error instanceof Error ? error.message : String(error),
  );
}

export async function waitFor<Arg>(
  evaluate: Evaluate,
  predicate: (arg: Arg) => boolean,
  arg: Arg,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A navigation in progress destroys the context; that is "not yet", not a failure.
    const done = await evaluate(predicate, arg).catch((error: unknown) => {
      if (isNavigationRace(error)) return false;
      throw error;
    });
    if (done) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the popup has answered (its root's data-state is no longer `loading`). */
export async function waitForSettled(
  evaluate: Evaluate,
  timeoutMs = 30_000,
): Promise<{ state: string; reason: string | null }> {
  await waitFor(
    evaluate,
    () => {
      const state = document.querySelector('[data-state]')?.getAttribute('data-state');
      return typeof state === 'string' && state !== 'loading';
    },
    null,
    'the popup to leave its loading state',
    timeoutMs,
  );
  return evaluate(() => {
    const root = document.querySelector('[data-state]');
    return {
      state: root?.getAttribute('data-state') ?? '',
      reason: root?.getAttribute('data-reason') ?? null,
    };
  }, null);
}

/**
 * Opens every "show all" list and every other report's panel, then waits until each opened
 * panel has finished loading its comparison, so the whole analysis is on screen.
 */
export async function expandEverything(
  evaluate: Evaluate,
  { showAll = true, timeoutMs = 30_000 }: { showAll?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  await evaluate(() => {
    for (const button of document.querySelectorAll<HTMLButtonElement>('li[data-sibling] .cc-disclosure')) {
      if (button.getAttribute('aria-expanded') !== 'true') button.click();
    }
  }, null);
  await waitFor(
    evaluate,
    () =>
      [...document.querySelectorAll('li[data-sibling] .cc-sibling-panel')].every(
        (panel) => !panel.querySelector('.cc-progress'),
      ),
    null,
    "the other reports' comparisons to load",
    timeoutMs,
  );
  if (!showAll) return;
  await evaluate(() => {
    for (const button of document.querySelectorAll<HTMLButtonElement>('.cc-show-all')) {
      if (!/fewer/i.test(button.textContent ?? '')) button.click();
    }
  }, null);
}

export function readPopup(evaluate: Evaluate): Promise<PopupView> {
  return evaluate(() => {
    const clean = (value: string | null | undefined): string => (value ?? '').replace(/\s+/g, ' ').trim();
    /** Visible text only: the screen-reader words around <del>/<ins> are not what readers see. */
    const visibleText = (element: Element | null, drop: string[] = []): string => {
      if (!element) return '';
      const copy = element.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll(['.cc-visually-hidden', ...drop].join(','))) hidden.remove();
      // Removing the other side of a word diff leaves a space before punctuation.
      return clean(copy.textContent).replace(/\s+([.,;:!?”’)])/g, '$1');
    };
    const readDifference = (item: Element): DifferenceView => {
      const sides = item.querySelectorAll(':scope > .cc-pair > .cc-side > .cc-claim');
      // Different excerpts: each outlet's quotes of one person, side by side.
      const excerpts = item.querySelectorAll(':scope > .cc-pair > .cc-side > .cc-quotes');
      const claim = item.querySelector(':scope > .cc-claim');
      const isWordDiff = !!claim?.querySelector('del, ins');
      let before: string | null = null;
      let after: string | null = null;
      let text: string | null = null;
      if (sides.length === 2) {
        before = visibleText(sides[0] ?? null);
        after = visibleText(sides[1] ?? null);
      } else if (excerpts.length === 2) {
        before = visibleText(excerpts[0] ?? null);
        after = visibleText(excerpts[1] ?? null);
      } else if (isWordDiff) {
        before = visibleText(claim, ['ins']);
        after = visibleText(claim, ['del']);
      } else {
        text = visibleText(claim);
      }
      return {
        kind: item.getAttribute('data-kind') ?? '',
        facets: (item.getAttribute('data-facets') ?? '').split(' ').filter(Boolean),
        before,
        after,
        text,
        facetLines: [...item.querySelectorAll(':scope > .cc-facet-changes > li')].map((line) =>
          visibleText(line),
        ),
        reason: visibleText(item.querySelector(':scope > .cc-reason')),
      };
    };
    const root = document.querySelector('[data-state]');
    const changesSection = document.querySelector('[data-section="changes"]');
    return {
      state: root?.getAttribute('data-state') ?? null,
      reason: root?.getAttribute('data-reason') ?? null,
      title: visibleText(document.querySelector('.cc-title')),
      meta: [...(document.querySelector('.cc-meta')?.children ?? [])]
        .map((part) => visibleText(part))
        .filter(Boolean)
        .join(' · '),
      changesNote: [...(changesSection?.querySelectorAll('.cc-empty, .cc-empty > p') ?? [])]
        .filter((element) => element.children.length === 0)
        .map((element) => visibleText(element))
        .join(' '),
      changes: [...(changesSection?.querySelectorAll('li[data-kind]') ?? [])].map(readDifference),
      siblings: [...document.querySelectorAll('li[data-sibling]')].map((sibling) => {
        const panel = sibling.querySelector('.cc-sibling-panel');
        const groups = [...(panel?.querySelectorAll('.cc-group') ?? [])].map((group) => ({
          heading: visibleText(group.querySelector('.cc-group-heading'), ['.cc-group-count']),
          differences: [...group.querySelectorAll('li[data-kind]')].map(readDifference),
        }));
        return {
          outlet: visibleText(sibling.querySelector('.cc-sibling-outlet')),
          title: visibleText(sibling.querySelector('.cc-sibling-title')),
          groups,
          note: groups.length === 0 ? visibleText(panel) : '',
        };
      }),
      text: clean((document.body as HTMLElement | null)?.innerText),
    };
  }, null);
}
