import type { Claim } from '../../model/types';
import { foldText } from '../../text/normalize';

/** A quote's speaker that only points back at someone named earlier. */
export const PRONOUN_SPEAKER = /^(?:he|she|they|it|we|i)$/i;

/** A speaker worth matching on: a short capitalised name or title, not a pronoun or a clause. */
export function looksLikeName(speaker: string): boolean {
  const head = speaker.split(',')[0]!.trim();
  const words = head.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 6 &&
    !PRONOUN_SPEAKER.test(head) &&
    /^\p{Lu}/u.test(words[words.length - 1]!) &&
    !/["“”'’?!]/.test(head.replace(/’s\b|'s\b/g, ''))
  );
}

/** "Sabrina Singh, deputy Pentagon press secretary" → "singh"; matches "Singh" and "Ms. Singh". */
export function surname(name: string): string {
  const head = foldText(name).split(',')[0] ?? '';
  const words = head
    .replace(/\b(?:jr|sr|ii|iii)\.?$/i, '')
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, ''))
    .filter(Boolean);
  return (words[words.length - 1] ?? head).replace(/'s$/, '');
}

/** A speaker named outright who is also a person the claim's own analysis found. */
export function namedPerson(claim: Claim, speaker: string | null): boolean {
  if (!speaker || !looksLikeName(speaker)) return false;
  const key = surname(speaker);
  return claim.entities.some((e) => e.type === 'person' && surname(e.text) === key);
}
