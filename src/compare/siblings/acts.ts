import type { Claim } from '../../model/types';
import { tagsOf } from '../../claims/lexicon';
import { foldText } from '../../text/normalize';
import { contentTokens, dice } from '../tokens';
import type { Finding } from './conflict';
import { SIBLING_THRESHOLDS } from './thresholds';
import { surname } from './people';
import type { ClaimView } from './views';

/**
 * Where an act happened and who did it, in two aligned sentences about one act. Precision over
 * recall: a slot conflicts only when the rest of the two sentences (the act and its other
 * arguments) is plainly the same, and the slot holds two different named things of one kind in
 * each — two cities, two countries, two people — neither of which the other sentence mentions.
 * "in Kabul" vs "in Afghanistan" (a city and the country holding it) is not a conflict; nor is a
 * name against a pronoun or a title ("the governor"), which only the reader can resolve.
 */

/** Where something happened: a named place after a locative preposition. */
const LOCATIVE = /\b(?:in|at|near|outside)\s+(?:the\s+)?$/i;

/** The kinds of place the lexicon knows; only two places of one kind can be told apart as rivals. */
const PLACE_KINDS = ['City', 'Country', 'Region'] as const;
type PlaceKind = (typeof PLACE_KINDS)[number];

function placeKind(name: string): PlaceKind | null {
  const tags = tagsOf(foldText(name).toLowerCase());
  return PLACE_KINDS.find((k) => tags.includes(k)) ?? null;
}

/** Groups that act in the news, unnamed but never one person: "police fired" vs "protesters fired". */
const GROUP_ACTORS = new Set(
  (
    'police policemen officers troops soldiers army protesters demonstrators rioters rebels militants ' +
    'insurgents gunmen fighters guards prisoners students strikers settlers residents'
  ).split(' '),
);

/** Speech and copular verbs: who said it is the speaker rules' business, not an act. */
const NOT_ACTS = new Set(
  (
    'said says say told tells added noted wrote stated declared announced reported claimed insisted ' +
    'is are was were be been has have had will would could should may might did does do'
  ).split(' '),
);
const AUXILIARY = /^(?:has|have|had|will|would|also|then|later|reportedly|allegedly)$/i;
/** "Nichols was sentenced": the subject of a passive is what the act was done to, not its actor. */
const PASSIVE = /^(?:was|were|is|are|been|being|be|got|gets)$/i;

interface Slot {
  /** The filler as printed ("Kabul", "Rick Perry", "protesters"). */
  text: string;
  /** What it is compared on: a place's folded name, a person's surname, a group noun. */
  key: string;
  /** A place's kind, or "actor". */
  kind: string;
  /** The act word the slot belongs to (the verb after an actor), or "" for a place. */
  act: string;
}

const wordsAfter = (text: string) => text.match(/[\p{L}'’-]+/gu) ?? [];

/** The named places of known kind after a locative preposition. */
export function placesOf(claim: Claim): Slot[] {
  const out: Slot[] = [];
  for (const entity of claim.entities) {
    if (entity.type !== 'place') continue;
    const kind = placeKind(entity.text);
    if (!kind) continue;
    let at = claim.text.indexOf(entity.text);
    while (at >= 0) {
      if (LOCATIVE.test(claim.text.slice(Math.max(0, at - 12), at))) {
        out.push({ text: entity.text, key: foldText(entity.text).toLowerCase(), kind, act: '' });
        break;
      }
      at = claim.text.indexOf(entity.text, at + 1);
    }
  }
  return out;
}

/** The verb an actor phrase is the subject of: the next word, past an auxiliary or adverb. */
function actAfter(text: string): string | null {
  const words = wordsAfter(text.slice(0, 60)).slice(0, 3);
  for (const raw of words) {
    const word = raw.toLowerCase();
    if (PASSIVE.test(word)) return null;
    if (AUXILIARY.test(word) || /ly$/.test(word)) continue;
    if (NOT_ACTS.has(word)) return null;
    const tags = tagsOf(word);
    return /ed$/.test(word) || tags.includes('PastTense') || tags.includes('PresentTense') ? word : null;
  }
  return null;
}

/** Named people and acting groups directly before a verb, and the agents of a passive ("… by police"). */
export function actorsOf(claim: Claim): Slot[] {
  const out: Slot[] = [];
  const text = claim.text;
  const fillers: { text: string; key: string }[] = [
    ...claim.entities.filter((e) => e.type === 'person').map((e) => ({ text: e.text, key: surname(e.text) })),
    ...[...text.matchAll(/\b\p{Ll}+\b/gu)]
      .map((m) => m[0])
      .filter((w) => GROUP_ACTORS.has(w))
      .map((w) => ({ text: w, key: w })),
  ];
  for (const filler of fillers) {
    const pattern = new RegExp(`\\b${filler.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
    for (const m of text.matchAll(pattern)) {
      const before = text.slice(Math.max(0, m.index - 20), m.index);
      const after = text.slice(m.index + m[0].length);
      // "… was shot by police": the agent of the passive verb, if the phrase ends there
      // ("sparked by the police killing of a teenager" names no agent).
      const ends = /^(?:\s*[,.;:)]|\s*$|\s+(?:in|on|at|after|during|near|while|when|and)\b)/.test(after);
      const passive = ends ? /\b(\p{Ll}+ed)\s+by\s+(?:the\s+)?$/u.exec(before) : null;
      const act = passive ? passive[1]!.toLowerCase() : /^\s/.test(after) ? actAfter(after) : null;
      if (!act || NOT_ACTS.has(act)) continue;
      out.push({ text: filler.text, key: filler.key, kind: 'actor', act });
    }
  }
  return out;
}

/** The tokens of a sentence with the slot fillers set aside. */
export function restOf(view: ClaimView, slots: readonly Slot[]): Set<string> {
  const skip = new Set(slots.flatMap((s) => contentTokens(s.text)));
  return new Set([...view.tokens].filter((t) => !skip.has(t)));
}

/** One edit apart, or one the start of the other: "Rait" and "Raite" are one name spelled two ways. */
function spelledAlike(a: string, b: string): boolean {
  if (a.startsWith(b) || b.startsWith(a)) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + (a.length >= b.length ? 1 : 0)) === b.slice(i + (b.length >= a.length ? 1 : 0));
}

const mentions = (claim: Claim, slot: Slot) =>
  slot.kind === 'actor'
    ? contentTokens(claim.text).includes(foldText(slot.key).toLowerCase())
    : foldText(claim.text).toLowerCase().includes(slot.key);

/**
 * The slot two aligned sentences about one act disagree on: the act happened in two different
 * places of one kind, or was done by two different actors.
 */
export function actFindings(l: ClaimView, r: ClaimView, sameAct = SIBLING_THRESHOLDS.sameAct): Finding[] {
  const findings: Finding[] = [];
  const kinds: [Slot[], Slot[], 'place' | 'actor'][] = [
    [placesOf(l.claim), placesOf(r.claim), 'place'],
    [actorsOf(l.claim), actorsOf(r.claim), 'actor'],
  ];
  for (const [ours, theirs, what] of kinds) {
    if (ours.length === 0 || theirs.length === 0) continue;
    const rest = dice(restOf(l, [...ours, ...theirs]), restOf(r, [...ours, ...theirs]));
    if (rest < sameAct) continue;
    for (const a of ours) {
      // Same kind and same act; every filler the other side gives differs and is absent here.
      const rivals = theirs.filter((b) => b.kind === a.kind && b.act === a.act);
      if (rivals.length === 0) continue;
      if (rivals.some((b) => spelledAlike(b.key, a.key) || mentions(l.claim, b)) || mentions(r.claim, a))
        continue;
      const b = rivals[0]!;
      findings.push(
        what === 'place'
          ? {
              facet: { type: 'entity', before: a.text, after: b.text },
              reason: `Different places for the same event: '${a.text}' vs '${b.text}'.`,
              significance: 0.8,
            }
          : {
              facet: { type: 'entity', before: a.text, after: b.text },
              reason: `Different actors for the same act ('${a.act}'): '${a.text}' vs '${b.text}'.`,
              significance: 0.85,
            },
      );
      break;
    }
  }
  return findings;
}
