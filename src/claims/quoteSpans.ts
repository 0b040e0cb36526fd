/**
 * Quotation spans, language-neutral. Curly and guillemet marks pair unambiguously; the straight
 * double quote toggles; the single curly marks only count where they cannot be apostrophes.
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

/** Every closed quotation pair, outermost first within each position, ordered by opening mark. */
export function quotePairs(text: string): QuoteSpan[] {
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
    let closedAt = -1;
    for (let level = stack.length - 1; level >= 0; level--) {
      const entry = stack[level]!;
      if (CLOSERS[entry.mark]!.includes(ch) && (ch !== '\u2019' || canCloseSingle(text, i))) {
        closedAt = level;
        break;
      }
    }
    if (closedAt >= 0) {
      const entry = stack[closedAt]!;
      // Openers left unclosed above the match were apostrophes or typos: forget them.
      stack.length = closedAt;
      pairs.push({ open: entry.at, close: i });
      continue;
    }
    if (ch in CLOSERS && stack.length < MAX_DEPTH) {
      if ((ch === '\u2018' || ch === '\u201A') && !canOpenSingle(text, i)) continue;
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
