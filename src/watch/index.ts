/**
 * The watch list's engine: when to re-read watched articles (schedule), one re-read (check),
 * what its result does to the watch (apply) and the one-line news of an edit (headline). Pure
 * TypeScript with `fetch`, the clock and randomness injected: it runs in the extension's
 * background and in Node alike, and stores nothing itself.
 */
export * from './schedule';
export * from './fetch-page';
export * from './check';
export * from './apply';
export * from './headline';
