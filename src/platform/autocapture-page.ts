/**
 * Auto-capture in the page: wait until the browser is idle, ask Readability's cheap "is this
 * probably an article?" first, then hand the page to the background as HTML, written a slice at a
 * time in idle periods and sent in parts, each in an idle period of its own. Extraction itself (Readability, ~40 ms on a large news page) runs in the
 * background on that HTML (src/extract/from-html.ts), so the page's main thread only ever pays for
 * short steps. Timings go to the console in development builds.
 */
import { isProbablyReaderable } from '@mozilla/readability';
import { MAX_ELEMENTS } from '../extract/index';
import { DocumentSerialiser } from '../extract/serialise';
import { CAPTURED_PART_CHARS, MAX_CAPTURED_HTML_CHARS } from '../protocol/types';
import { sendMessage } from './messaging';

/**
 * Main-thread time one serialisation slice may take. The issue allows 5 ms per step; in Chromium
 * a garbage collection now and then lands inside a slice and adds 2–4 ms to it (seen on the
 * Guardian page while the walk itself never went 1 ms between two looks at the clock), so the
 * budget leaves that much room. An idle period with less time left shortens the slice further.
 */
const SLICE_BUDGET_MS = 1;
/** A slice that started when the idle callback timed out still makes some progress. */
const MIN_SLICE_MS = 1;

/**
 * Each main-thread step is also recorded as a User Timing measure (`crosscheck:autocapture:*`),
 * which the page's own timeline shows, so `npm run bench:browser` and DevTools can read the cost
 * the content script adds to the page without instrumenting the build.
 */
function recordStep(name: string, start: number, end: number): void {
  try {
    performance.measure(`crosscheck:autocapture:${name}`, { start, end });
  } catch {
    // User Timing L3 is missing in very old engines; the timings object still carries the figure.
  }
}

/** Resolves in the next idle period with how long it may run (null without requestIdleCallback). */
function idle(timeout: number): Promise<IdleDeadline | null> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(resolve, { timeout });
    else setTimeout(() => resolve(null), Math.min(timeout, 500));
  });
}

export interface AutoCaptureTimings {
  readerableCheckMs: number;
  /** Main-thread time of all serialisation slices together, and how many there were. */
  serialiseMs: number;
  slices: number;
  /** Times the walk started again because the page changed what it had written. */
  restarts: number;
  /** The longest single slice: what the page felt at once. */
  longestSliceMs: number;
  /** The longest hand-over of one message (a part of the page) to the runtime. */
  sendMs: number;
  /** Messages the page went in (parts of CAPTURED_PART_CHARS). */
  messages: number;
  /**
   * `done`, or why nothing was stored: `too-large`, `unstable` after restarts, `not-readerable`,
   * `part-refused` (the background dropped an earlier part).
   */
  outcome: string;
  captured: boolean;
}

/** A change-record batch that took longer than this is recorded as its own step. */
const SLOW_CHANGES_MS = 1;

/** The document as HTML, written in idle-time slices; null when it is too large or kept moving. */
async function serialiseInSlices(timings: AutoCaptureTimings): Promise<DocumentSerialiser | null> {
  const serialiser = new DocumentSerialiser(document, {
    maxChars: MAX_CAPTURED_HTML_CHARS,
    maxElements: MAX_ELEMENTS,
  });
  // The page keeps running between slices; what it changes behind the walk restarts it.
  const observer = new MutationObserver((records) => {
    const started = performance.now();
    serialiser.noteChanges(records);
    const ended = performance.now();
    if (ended - started > SLOW_CHANGES_MS) recordStep('changes', started, ended);
  });
  observer.observe(document, { childList: true, characterData: true, subtree: true });
  try {
    return await serialiseSlices(serialiser, observer, timings);
  } finally {
    observer.disconnect();
  }
}

async function serialiseSlices(
  serialiser: DocumentSerialiser,
  observer: MutationObserver,
  timings: AutoCaptureTimings,
): Promise<DocumentSerialiser | null> {
  for (;;) {
    const deadline = await idle(3000);
    const started = performance.now();
    serialiser.noteChanges(observer.takeRecords());
    const budget = Math.max(
      MIN_SLICE_MS,
      Math.min(SLICE_BUDGET_MS, deadline?.timeRemaining() ?? SLICE_BUDGET_MS),
    );
    const status = serialiser.run(() => performance.now() - started >= budget);
    const ended = performance.now();
    recordStep('serialise', started, ended);
    timings.slices++;
    timings.serialiseMs += ended - started;
    timings.longestSliceMs = Math.max(timings.longestSliceMs, ended - started);
    if (status !== 'working') {
      timings.outcome = status;
      timings.restarts = serialiser.restartCount;
      return status === 'done' ? serialiser : null;
    }
  }
}

/**
 * One message sent in its own idle period, recorded as a step. The messaging library hands the
 * message to the runtime (which copies it) one microtask after the call; waiting one turn
 * includes that copy in the step.
 */
async function sendStep<T>(
  name: string,
  timings: AutoCaptureTimings,
  send: () => Promise<T>,
): Promise<{ reply: Promise<T> }> {
  await idle(3000);
  const started = performance.now();
  const reply = send();
  await Promise.resolve();
  const ended = performance.now();
  timings.sendMs = Math.max(timings.sendMs, ended - started);
  timings.messages++;
  recordStep(name, started, ended);
  return { reply };
}

/**
 * The first readerable check in a page costs ten times a second one (4.6 against 0.4 ms median on
 * the Guardian page, measured in the content script): on first use its code and regular
 * expressions are compiled, and the DOM bindings it touches are set up for the content script's
 * world. Each is paid in an idle period of its own before the check: here the compiling, by a run
 * over a stand-in document of plain objects (a real document of our own costs as much to create
 * as the whole check). Readability reads only what the stand-in provides; if a later version reads
 * more, the warm-up throws and the check simply runs cold.
 */
function warmUpReaderableCheck(): void {
  const paragraph = (className: string) => ({
    className,
    id: '',
    style: { display: 'block' },
    textContent: 'A paragraph long enough to be scored as running text. '.repeat(4),
    hasAttribute: () => false,
    getAttribute: () => null,
    matches: () => false,
  });
  const nodes = [paragraph('related'), paragraph('story')];
  const standIn = {
    querySelectorAll: (selector: string) => (selector.includes('br') ? [] : nodes),
  };
  try {
    isProbablyReaderable(standIn as unknown as Document);
  } catch {
    // Nothing lost but the warm-up.
  }
}

/** The bindings: the calls the check makes on a paragraph, made on one of the page's. */
function warmUpPageBindings(): void {
  const paragraph = document.querySelector('p');
  if (!paragraph) return;
  void [
    paragraph.style.display,
    paragraph.className,
    paragraph.id,
    paragraph.hasAttribute('hidden'),
    paragraph.getAttribute('aria-hidden'),
    paragraph.matches('li p'),
    paragraph.textContent,
  ];
}

export async function autoCapturePage(): Promise<AutoCaptureTimings> {
  const timings: AutoCaptureTimings = {
    readerableCheckMs: 0,
    serialiseMs: 0,
    slices: 0,
    restarts: 0,
    longestSliceMs: 0,
    sendMs: 0,
    messages: 0,
    outcome: 'not-readerable',
    captured: false,
  };
  // In the first idle period after the content script starts, even a step of three array
  // operations took up to 5.7 ms now and then (the browser's own work after the load, a garbage
  // collection most likely, measured on the Guardian page); the steps start in the next one.
  await idle(3000);
  await idle(3000);
  const warmUpStarted = performance.now();
  warmUpReaderableCheck();
  recordStep('warm-up', warmUpStarted, performance.now());
  await idle(3000);
  const bindingsStarted = performance.now();
  warmUpPageBindings();
  recordStep('warm-up-dom', bindingsStarted, performance.now());
  await idle(3000);
  const started = performance.now();
  const readerable = isProbablyReaderable(document);
  const ended = performance.now();
  timings.readerableCheckMs = ended - started;
  recordStep('readerable', started, ended);
  if (!readerable) return timings;

  const serialiser = await serialiseInSlices(timings);
  if (!serialiser) {
    console.debug('[crosscheck] auto-capture', timings);
    return timings;
  }

  const parts = Math.max(1, Math.ceil(serialiser.length / CAPTURED_PART_CHARS));
  const captureId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  // Joined inside the first send step, so that copy is measured too.
  let html: string | null = null;
  const part = (index: number): string =>
    (html ??= serialiser.html()).slice(index * CAPTURED_PART_CHARS, (index + 1) * CAPTURED_PART_CHARS);
  for (let index = 0; index < parts - 1; index++) {
    const { reply } = await sendStep('send-part', timings, () =>
      sendMessage('capturedPagePart', { captureId, index, html: part(index) }),
    );
    if (!(await reply).received) {
      timings.outcome = 'part-refused';
      console.debug('[crosscheck] auto-capture', timings);
      return timings;
    }
  }
  const { reply } = await sendStep('send', timings, () =>
    sendMessage(
      'capturedPage',
      parts > 1
        ? { url: location.href, html: part(parts - 1), captureId, parts }
        : { url: location.href, html: part(0) },
    ),
  );
  const answer = await reply;
  timings.captured = answer.stored;
  console.debug('[crosscheck] auto-capture', timings);
  return timings;
}
