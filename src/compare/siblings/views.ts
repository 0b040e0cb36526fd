import type { Claim } from '../../model/types';
import { foldText } from '../../text/normalize';
import { countedHead } from '../facets';
import { contentTokens, intersectionSize } from '../tokens';
import { resolveSpeakers } from '../../claims/speakers';
import { surname } from './people';

function withSpeakers(claims: readonly Claim[]): Claim[] {
  const copy = claims.map((c) => ({ ...c, quotes: c.quotes.map((q) => ({ ...q })) }));
  resolveSpeakers(copy);
  return copy;
}

/** A claim with what the sibling rules match on, computed once per comparison. */
export interface ClaimView {
  claim: Claim;
  tokens: Set<string>;
  /** People and organisations (`e:`) and counted things (`n:`) the claim is about. */
  anchors: Set<string>;
  /** Resolved speaker surname per quote (pronouns resolved from the sentences before). */
  speakers: (string | null)[];
  /** Who spoke each quote as src/claims/speakers.ts resolved it (fullest name), or null. */
  persons: (string | null)[];
}

export function viewsOf(stored: readonly Claim[]): ClaimView[] {
  // Who spoke needs the whole article (pronouns and short forms point back across sentences);
  // resolved on a copy, so stored claims stay as they were extracted.
  const claims = stored.some((c) => c.quotes.some((q) => q.person === undefined))
    ? withSpeakers(stored)
    : stored;
  return claims.map((claim) => {
    const persons = claim.quotes.map((quote) => quote.person ?? null);
    const speakers = persons.map((person) => (person ? surname(person) : null));
    const anchors = new Set<string>();
    for (const entity of claim.entities)
      anchors.add(`e:${entity.type === 'person' ? surname(entity.text) : foldText(entity.text)}`);
    for (const n of claim.numbers) {
      const head = countedHead(n);
      if (head) anchors.add(`n:${head}`);
    }
    for (const speaker of speakers) if (speaker) anchors.add(`e:${speaker}`);
    return { claim, tokens: new Set(contentTokens(claim.norm)), anchors, speakers, persons };
  });
}

/** How many people and organisations both reports name: evidence they tell one event. */
export function sharedEventAnchors(left: readonly ClaimView[], right: readonly ClaimView[]): number {
  const entities = (views: readonly ClaimView[]) =>
    new Set(views.flatMap((v) => [...v.anchors].filter((a) => a.startsWith('e:'))));
  return intersectionSize(entities(left), entities(right));
}
