/**
 * Quotation spans, language-neutral. Curly and guillemet marks pair by kind, a repeated opener
 * replacing a stray one; straight double quotes are read by how they sit and where sentences
 * end (one stray mark must not invert every quotation after it); the single curly marks only
 * count where they cannot be apostrophes. Unclosed marks never open a span.
 */
export interface QuoteSpan {
  /** Index of the opening mark. */
  open: number;
  /** Index of the closing mark. */
  close: number;
}

const CLOSERS: Record<string, string> = {
  '\u201C': '\u201D', // “ → ” (English and most others)
  '\u201E': '\u201C\u201D', // „ → “ (German, Czech) or ” (Polish, Hungarian)
  '\u00AB': '\u00BB', // « → »
  '\u00BB': '\u00AB\u00BB', // » → « (German, Danish) or » (Swedish, Finnish)
  '\u300C': '\u300D', // 「 → 」
  '\u300E': '\u300F', // 『 → 』
  '\u2018': '\u2019', // ‘ → ’
  '\u201A': '\u2018\u2019', // ‚ → ‘ or ’
  '\u2039': '\u203A', // ‹ → ›
  '"': '"',
};

const MAX_DEPTH = 8;
const LETTER = /[\p{L}\p{N}]/u;

function canOpenSingle(text: string, at: number): boolean {
  const before = at > 0 ? text[at - 1] : undefined;
  return before === undefined || !LETTER.test(before);
}

function canCloseSingle(text: string, at: number): boolean {
  const after = text[at + 1];
  return after === undefined || !LETTER.test(after);
}

/** A straight double quote's look: +2/+1 opens, -2/-1 closes, 0 could be either. */
function straightLean(text: string, at: number): number {
  const before = at > 0 ? text[at - 1]! : '';
  const after = at + 1 < text.length ? text[at + 1]! : '';
  const spaceBefore = before === '' || /\s/.test(before);
  const spaceAfter = after === '' || /\s/.test(after);
  if (spaceBefore !== spaceAfter) {
    if (spaceBefore) return /[,.;:!?)\]]/.test(after) ? -1 : 2;
    return /[([{]/.test(before) ? 2 : -2;
  }
  if (!spaceBefore) return /[([{\u2014\u2013/]/.test(before) ? 2 : 0;
  // Spaced on both sides (tokenised text, or a stray mark): look past the spaces.
  const prev = /(\S)\s*$/.exec(text.slice(Math.max(0, at - 8), at))?.[1];
  const next = /^\s*(\S)/.exec(text.slice(at + 1, at + 9))?.[1];
  if (prev === undefined) return 1;
  if (next === undefined) return -1;
  if (/[,;:]/.test(prev)) return /\p{Lu}/u.test(next) ? 1 : -1;
  if (/\p{Ll}/u.test(next) && /[.!?]/.test(prev)) return -1;
  return 0;
}

/** Sentence ends inside a quotation are rare enough that each one costs a third of a dropped mark. */
const BREAK_COST = 0.5;
const DROP_COST = 1.5;
/** Above this many straight marks in one text, plain alternation (the DP is quadratic in marks). */
const MAX_SOLVED_MARKS = 80;
const SENTENCE_BREAK = /[.!?]["”’»]?\s+["“„«]?\p{Lu}/gu;

/**
 * Which straight double quotes open, which close and which are strays. Plain alternation lets
 * one stray mark invert every quotation after it, so the reading chosen is the one that agrees
 * best with how each mark sits (space before or after it) and keeps the fewest sentence ends
 * inside quotations, dropping a mark when that is cheaper.
 */
function straightRoles(text: string, marks: number[]): Map<number, 'open' | 'close'> {
  const roles = new Map<number, 'open' | 'close'>();
  if (marks.length > MAX_SOLVED_MARKS) {
    marks.forEach((at, k) => roles.set(at, k % 2 === 0 ? 'open' : 'close'));
    return roles;
  }
  const breaks: number[] = [];
  for (const match of text.matchAll(SENTENCE_BREAK)) breaks.push(match.index);
  const breaksBetween = (from: number, to: number): number => {
    let count = 0;
    for (const b of breaks) if (b > from && b < to) count++;
    return count;
  };
  const lean = marks.map((at) => straightLean(text, at));
  const n = marks.length;
  // closed[k]: best score with marks[0..k) decided and no quotation open. From a closed state,
  // a mark is dropped, or opens a quotation closed by some later mark j (everything between is
  // dropped: straight marks do not nest).
  const closed = new Array<number>(n + 1).fill(-Infinity);
  const choice = new Array<{ from: number; open?: number; close?: number }>(n + 1);
  closed[0] = 0;
  for (let k = 0; k < n; k++) {
    if (closed[k] === -Infinity) continue;
    const drop = closed[k]! - DROP_COST;
    if (drop > closed[k + 1]!) {
      closed[k + 1] = drop;
      choice[k + 1] = { from: k };
    }
    for (let j = k + 1; j < n; j++) {
      const skipped = j - k - 1;
      const score =
        closed[k]! +
        lean[k]! -
        lean[j]! -
        skipped * DROP_COST -
        BREAK_COST * breaksBetween(marks[k]!, marks[j]!);
      if (score > closed[j + 1]!) {
        closed[j + 1] = score;
        choice[j + 1] = { from: k, open: k, close: j };
      }
    }
  }
  for (let k = n; k > 0;) {
    const step = choice[k]!;
    if (step.open !== undefined && step.close !== undefined) {
      roles.set(marks[step.open]!, 'open');
      roles.set(marks[step.close]!, 'close');
    }
    k = step.from;
  }
  return roles;
}

/**
 * „ and ‚ close with “ and ‘, which elsewhere open. A closing “ sits against the word before it
 * („Wort“); one after a space that leads into a word opens a quotation of its own (a stray „
 * before an English “…” must not pair with it).
 */
function opensHere(text: string, at: number, open: string, ch: string): boolean {
  if (!((open === '\u201E' && ch === '\u201C') || (open === '\u201A' && ch === '\u2018'))) return false;
  const before = at > 0 ? text[at - 1]! : ' ';
  const after = text[at + 1] ?? ' ';
  return /\s/.test(before) && !/\s/.test(after);
}

const DOUBLE_OPENERS = '\u201C\u201E\u00AB\u00BB"';

/** Every closed quotation pair, outermost first within each position, ordered by opening mark. */
export function quotePairs(text: string): QuoteSpan[] {
  const straight: number[] = [];
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) straight.push(i);
  const roles = straight.length ? straightRoles(text, straight) : null;
  const stack: { mark: string; at: number }[] = [];
  const pairs: QuoteSpan[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (
      ch !== '"' &&
      !(ch in CLOSERS) &&
      ch !== '\u201D' &&
      ch !== '\u2019' &&
      ch !== '\u300D' &&
      ch !== '\u300F' &&
      ch !== '\u203A'
    ) {
      continue;
    }
    const role = ch === '"' ? roles?.get(i) : undefined;
    if (ch === '"' && role === undefined) continue;
    let closedAt = -1;
    if (role !== 'open') {
      for (let level = stack.length - 1; level >= 0; level--) {
        const entry = stack[level]!;
        const closes =
          role === 'close'
            ? // Mixed marks (“…"): a closing straight quote ends any open double quotation.
              DOUBLE_OPENERS.includes(entry.mark)
            : (CLOSERS[entry.mark]!.includes(ch) && !opensHere(text, i, entry.mark, ch)) ||
              // …and a closing curly mark ends an open straight one ("…”).
              (entry.mark === '"' && ch === '\u201D');
        if (closes && (ch !== '\u2019' || canCloseSingle(text, i))) {
          closedAt = level;
          break;
        }
      }
    }
    if (closedAt >= 0) {
      const entry = stack[closedAt]!;
      // Openers left unclosed above the match were apostrophes or typos: forget them.
      stack.length = closedAt;
      pairs.push({ open: entry.at, close: i });
      continue;
    }
    if (role === 'close') continue;
    if (ch in CLOSERS && stack.length < MAX_DEPTH) {
      if ((ch === '\u2018' || ch === '\u201A') && !canOpenSingle(text, i)) continue;
      // The same mark cannot open inside itself (“ “…”): the earlier one was a stray.
      const top = stack[stack.length - 1];
      if (top && top.mark === ch && ch !== '\u00BB') stack.pop();
      stack.push({ mark: ch, at: i });
    }
  }
  return pairs.sort((a, b) => a.open - b.open);
}

/** Closed quotations not contained in another one. */
export function topLevelQuotes(text: string): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  for (const pair of quotePairs(text)) {
    const last = out[out.length - 1];
    if (last && pair.open > last.open && pair.close < last.close) continue;
    out.push(pair);
  }
  return out;
}
