import { foldText } from '../text/normalize';

/**
 * Words that carry no content of their own: two sentences sharing only these are not related.
 * Reporting verbs ("said", "told") are here too, because nearly every news sentence has one.
 */
const STOPWORDS = new Set(
  (
    'a an the and or but nor so yet for of to in on at by with from into onto over under about as ' +
    'is are was were be been being am has have had having do does did doing will would shall should ' +
    "can could may might must it its it's this that these those there here their them they he him his " +
    'she her hers we us our you your i me my mine who whom whose which what when where why how ' +
    'not no than then also just only very more most such some any all each other both either neither ' +
    'said says say told tell according if while because after before since until up down out off ' +
    'one s t'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:[.'][\p{L}\p{N}]+)*\.?/gu;

/** Lower-cased content words of a text; hyphens split words so "slow - moving" equals "slow-moving". */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) {
    let token = match[0];
    // Keep "u.s." ≡ "u.s", but a sentence-final full stop is not part of the word.
    if (token.endsWith('.')) token = token.slice(0, -1);
    if (token.endsWith("'s")) token = token.slice(0, -2);
    token = token.replace(/,/g, '');
    if (token.length === 0 || STOPWORDS.has(token)) continue;
    out.push(token);
  }
  return out;
}

export function tokenSet(text: string): Set<string> {
  return new Set(contentTokens(text));
}

export function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const token of small) if (large.has(token)) shared++;
  return shared;
}

/** Dice coefficient of two token sets, 0..1. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  return (2 * intersectionSize(a, b)) / (a.size + b.size);
}

/** Share of `part`'s tokens that also occur in `whole`. */
export function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) return 0;
  return intersectionSize(part, whole) / part.size;
}

export function union(...sets: ReadonlySet<string>[]): Set<string> {
  const out = new Set<string>();
  for (const set of sets) for (const token of set) out.add(token);
  return out;
}

/**
 * Candidate pairs from an inverted index of content tokens, so alignment never compares every
 * sentence with every other. Tokens found in more than `maxPostings` sentences are too common to
 * discriminate and are skipped; each left sentence keeps at most `perItem` candidates. Work is
 * bounded by tokens × maxPostings, whatever the inputs.
 */
export function candidatePairs(
  left: readonly ReadonlySet<string>[],
  right: readonly ReadonlySet<string>[],
  { maxPostings = 40, perItem = 6 }: { maxPostings?: number; perItem?: number } = {},
): Map<number, number[]> {
  const index = new Map<string, number[]>();
  right.forEach((tokens, j) => {
    for (const token of tokens) {
      let postings = index.get(token);
      if (!postings) index.set(token, (postings = []));
      postings.push(j);
    }
  });
  const out = new Map<number, number[]>();
  left.forEach((tokens, i) => {
    const shared = new Map<number, number>();
    for (const token of tokens) {
      const postings = index.get(token);
      if (!postings || postings.length > maxPostings) continue;
      for (const j of postings) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    if (shared.size === 0) return;
    const best = [...shared.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, perItem)
      .map(([j]) => j);
    out.set(i, best);
  });
  return out;
}
