import type { Claim } from '../../model/types';
import { foldText } from '../../text/normalize';
import { countedHead } from '../facets';
import { contentTokens, intersectionSize } from '../tokens';
import { attributedPerson, firstPerson, looksLikeName, PRONOUN_SPEAKER, surname } from './people';

/** A claim with what the sibling rules match on, computed once per comparison. */
export interface ClaimView {
  claim: Claim;
  tokens: Set<string>;
  /** People and organisations (`e:`) and counted things (`n:`) the claim is about. */
  anchors: Set<string>;
  /** Resolved speaker surname per quote (pronouns resolved from the sentences before). */
  speakers: (string | null)[];
}

export function viewsOf(claims: readonly Claim[]): ClaimView[] {
  // The last person reported as speaking (a named quote speaker or a person inside an
  // attribution), which is who "she said" refers to; a person merely mentioned is not.
  let recentSpeaker: string | null = null;
  let recentParagraph = -1;
  return claims.map((claim) => {
    if (claim.paragraph > recentParagraph + 1) recentSpeaker = null;
    const speakers = claim.quotes.map((quote) => {
      const named = quote.speaker && looksLikeName(quote.speaker) ? surname(quote.speaker) : null;
      if (named) return named;
      const pronoun = quote.speaker !== null && PRONOUN_SPEAKER.test(quote.speaker.trim());
      return pronoun || (!quote.speaker && !firstPerson(claim)) ? recentSpeaker : null;
    });
    const speaking = speakers.find((s) => s !== null) ?? attributedPerson(claim);
    if (speaking) {
      recentSpeaker = speaking;
      recentParagraph = claim.paragraph;
    }
    const anchors = new Set<string>();
    for (const entity of claim.entities)
      anchors.add(`e:${entity.type === 'person' ? surname(entity.text) : foldText(entity.text)}`);
    for (const n of claim.numbers) {
      const head = countedHead(n);
      if (head) anchors.add(`n:${head}`);
    }
    for (const speaker of speakers) if (speaker) anchors.add(`e:${speaker}`);
    return { claim, tokens: new Set(contentTokens(claim.norm)), anchors, speakers };
  });
}

/** How many people and organisations both reports name: evidence they tell one event. */
export function sharedEventAnchors(left: readonly ClaimView[], right: readonly ClaimView[]): number {
  const entities = (views: readonly ClaimView[]) =>
    new Set(views.flatMap((v) => [...v.anchors].filter((a) => a.startsWith('e:'))));
  return intersectionSize(entities(left), entities(right));
}
