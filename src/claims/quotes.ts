import type { QuoteFacet } from '../model/types';
import { findAttributions } from './attributions';
import { entitiesIn } from './entities';
import { topLevelQuotes } from './quoteSpans';

export interface QuoteContext {
  /** The last person named before this text, for "…,” she said. */
  lastPerson?: string | null;
  /** Whether to look for English attributions; other languages get quotes without speakers. */
  english?: boolean;
}

/** Inner text without the enclosing sentence's trailing comma or full stop (it moves between versions). */
function innerText(text: string, open: number, close: number): string {
  return text
    .slice(open + 1, close)
    .trim()
    .replace(/[,.]+$/, '')
    .trim();
}

function speakerOf(subject: string, context: QuoteContext): string | null {
  if (/^(?:he|she)$/i.test(subject.trim())) return context.lastPerson ?? null;
  if (/^(?:they|it|we|i|you)$/i.test(subject.trim())) return null;
  const person = entitiesIn(subject).find((entity) => entity.type === 'person');
  return person ? person.text : subject.trim();
}

export function quotesIn(text: string, context: QuoteContext = {}): QuoteFacet[] {
  const quotes = topLevelQuotes(text);
  if (quotes.length === 0) return [];
  const attributions = context.english === false ? [] : findAttributions(text);
  return quotes
    .map((quote) => {
      const before = attributions.filter((a) => a.end <= quote.open).pop();
      const after = attributions.find((a) => a.start > quote.close);
      // A quote takes the speaker whose verb introduces it, else the one that follows it; a
      // verb-first attribution right after it ("…,” said Rep. X) is its own.
      const attribution =
        (after?.verbFirst && after.start - quote.close <= 4 ? after : undefined) ?? before ?? after;
      return {
        text: innerText(text, quote.open, quote.close),
        speaker: attribution ? speakerOf(attribution.subject, context) : null,
      };
    })
    .filter((quote) => quote.text.length > 0);
}
