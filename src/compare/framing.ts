/**
 * Framing that pulls apart: two outlets report what the same actor states, signals, wants or
 * intends about the same matter, but with different content ("Israel has stated it does not want
 * a war with Hezbollah" vs "Israel has signaled it intends to move forward with battle plans …").
 * Neither sentence is the other's counterpart by wording, so the fact matcher leaves them as two
 * one-sided claims; here they are paired by who is speaking and what about.
 */
import type { Claim, Difference, FacetChange } from '../model/types';
import { foldText } from '../text/normalize';
import { round } from './significance';
import { contentTokens, dice, intersectionSize } from './tokens';
import { wordDiff } from './words';

/** What an actor is reported to say or to be set on. */
export interface Stance {
  claim: Claim;
  /** Who, lower-cased; a person by surname so "Netanyahu" matches "Benjamin Netanyahu". */
  actorKey: string;
  /** Who, as published: "Israel", "the Israeli military". */
  actor: string;
  /** The actor and verb group as published: "Israel has stated". */
  phrase: string;
  /** The stance verb as published: "stated", "signaled", "intends". */
  verb: string;
  /** What is stated, cut to its core clause: "does not want a war with Hezbollah". */
  gist: string;
  /** Content words of the gist. */
  gistTerms: Set<string>;
  /** Content words of the whole stated clause, the actor's own words excluded: what it is about. */
  topic: Set<string>;
  /** The stance is negated ("does not want", "has not said"). */
  negated: boolean;
}

/** Verbs that report what an actor states or is set on, as they appear after the subject. */
const STANCE_VERBS =
  'stated|states|said|says|signal(?:l)?ed|signal(?:l)?s|vowed|vows|intends|intended|wants|wanted|plans|planned|' +
  'warned|warns|insisted|insists|denied|denies|pledged|pledges|promised|promises|threatened|threatens|' +
  'maintained|maintains|rejected|rejects|messaged|indicated|indicates|announced|declared|refused|refuses|seeks|sought';
const STANCE_VERB = new RegExp(`\\b(${STANCE_VERBS})\\b`, 'g');
/** The same verbs as content words, which say nothing about what the statement is about. */
const STANCE_WORD = new RegExp(`^(?:${STANCE_VERBS})$`);
/** Verbs that are a position in themselves, whatever follows them. */
const STANCE_ONLY =
  /^(?:signal(?:l)?ed|signal(?:l)?s|vowed|vows|intends|intended|wants|wanted|plans|planned|warned|warns|insisted|insists|denied|denies|pledged|pledges|promised|promises|threatened|threatens|rejected|rejects|refused|refuses|seeks|sought)$/;
/** What a plain reporting verb introduces when it reports a position: intent, will, refusal. */
const POSITION_GIST =
  /^(?:(?:does|do|did|has|have|had|is|was|are|were|would|will|could|can|may|might|should|must|not|never|no\s+longer|also|still|now|remains?|stands?)\s+)*(?:n[’']t\s+)?(?:want|wants|intend|intends|plan|plans|seek|seeks|refuse|refuses|reject|rejects|oppose|opposes|support|supports|prepared|ready|willing|determined|committed|seeking|planning|intending|going)\b/i;
/** Verbs that say what the actor means to do rather than what it said. */
const INTENT_VERB = /^(?:intends|intended|wants|wanted|plans|planned|seeks|sought|refused|refuses)$/;
/** Words allowed between the subject and the verb: auxiliaries, adverbs, negation. */
const BETWEEN =
  /^(?:has|have|had|is|was|also|long|previously|repeatedly|publicly|privately|now|already|again|still|reportedly|clearly|firmly|strongly|recently|consistently|would|will|did|does|do|not|never|n't|so|far|yet)$/i;
const NEGATION = /^(?:not|never|n't)$/i;
/** A subject ends at punctuation or a clause opener. */
const SUBJECT_BREAK = /[,;:—–()“”"‘]/;
const NOT_SUBJECT = new RegExp(
  `^(?:${STANCE_VERBS}|it|they|he|she|we|i|you|that|who|which|whom|has|have|had|is|was|are|were|will|would|does|do|did|to)$`,
  'i',
);
/** Words that open a clause or a phrase but are not part of who speaks. */
const LEADING =
  /^(?:the|a|an|but|and|or|however|meanwhile|still|yet|so|when|while|as|if|although|though|now|then|also|earlier|later|instead|since|after|before|in|on|at|this|that|last|on|by|for|with|because|where|whereas|even|both|until|once|today|yesterday|separately|previously|already)$/i;
/** Groups too vague to be one actor across two outlets ("Officials said"). */
const VAGUE_HEAD =
  /^(?:officials?|sources?|people|analysts?|experts?|observers?|residents?|witnesses?|critics?|supporters?|members?|others?|some|many|spokesm[ae]n|spokeswom[ae]n|spokesperson|aides?|advisers?|advisors?|lawmakers?|leaders?|diplomats?|authorities|police|reports?|media|statement|report)$/i;
/** Sub-clauses that end the core of what was stated. */
const GIST_BREAK =
  /[,;:—–()]|\s(?:which|who|whom|whose|but|while|as|because|after|amid|despite|although|though|since|until|whereas|when|where|if|unless|even|including|according)\s/i;
const GIST_LEAD = /^(?:that\s+)?(?:(?:on|in|last|this|earlier|late|early)\s+\p{Lu}?\p{Ll}+\s+)?(?:that\s+)?/u;
const PRONOUN_SUBJECT = /^(?:it|they|he|she|we|its|their)\s+/i;
const AUXILIARY = /^(?:has|have|had|be|been|was|were|is|are|being|get|got|gets|to)$/i;
const NEGATED_GIST =
  /^(?:(?:does|do|did|has|have|had|is|was|are|were|would|will|could|can|should|must)\s+)?(?:not|never|no\s+longer)\b|^\p{L}+n[’']t\b/iu;
const MAX_GIST_WORDS = 12;
/** Actors with more stance claims than this a side are not paired (bounds work on odd pages). */
const STANCES_PER_ACTOR = 30;
/** Gists this alike say the same thing, unless one is negated and the other not. */
const SAME_GIST = 0.5;

/** Every stance in a claim: who states what, as far as plain sentence patterns tell. */
export function stancesOf(claim: Claim): Stance[] {
  const text = claim.text;
  const out: Stance[] = [];
  for (const match of text.matchAll(STANCE_VERB)) {
    const verb = match[1]!;
    const at = match.index;
    const stance = stanceAt(claim, verb, at);
    if (stance) out.push(stance);
  }
  return out;
}

function stanceAt(claim: Claim, verb: string, at: number): Stance | null {
  const text = claim.text;
  const before = text.slice(0, at);
  const clauseStart = lastBreak(before);
  const words = before.slice(clauseStart).trim().split(/\s+/).filter(Boolean);
  let negated = false;
  let end = words.length;
  while (end > 0 && BETWEEN.test(stripPossessive(words[end - 1]!))) {
    if (NEGATION.test(words[end - 1]!)) negated = true;
    end--;
  }
  // "doesn't want": the contraction sits on the auxiliary.
  if (end < words.length && /n[’']t$/i.test(words[end]!)) negated = true;
  if (end > 0 && /n[’']t$/i.test(words[end - 1]!)) {
    negated = true;
    end--;
  }
  // Back from the verb group to the subject's first word: never across a pronoun, an auxiliary
  // or another stance verb ("Israel has signaled it intends" has one stance, Israel's).
  let from = end;
  while (from > 0 && end - from < 7 && !NOT_SUBJECT.test(stripPossessive(words[from - 1]!))) from--;
  const subjectWords = words.slice(from, end);
  // The longest run ending at the verb that starts with a capitalised word, openers dropped.
  let start = subjectWords.findIndex((w) => /^\p{Lu}/u.test(w));
  if (start < 0) return null;
  while (start < subjectWords.length && LEADING.test(subjectWords[start]!)) start++;
  const actorWords = subjectWords.slice(start);
  if (actorWords.length === 0 || !/^\p{Lu}/u.test(actorWords[0]!)) return null;
  const actor = actorWords.join(' ');
  const head = stripPossessive(actorWords[actorWords.length - 1]!);
  if (VAGUE_HEAD.test(head) && !actorWords.slice(0, -1).some((w) => /^\p{Lu}/u.test(w))) return null;
  const actorAt = text.lastIndexOf(actor, at);
  if (!isNamed(claim, actor, actorAt)) return null;

  const phraseEnd = at + verb.length;
  const phrase = text.slice(actorAt, phraseEnd);
  // "…, Israel said." leaves nothing after the verb: a quotation or paraphrase before it, which
  // the quote matcher handles; a stance is a position stated after the verb.
  const stated = text
    .slice(phraseEnd)
    .replace(/^[\s,]+/, '')
    .replace(GIST_LEAD, '')
    .replace(PRONOUN_SUBJECT, '');
  const gist = coreOf(stated);
  if (contentTokens(gist).length === 0) return null;
  // Plain reporting ("Howard said the jurors …") is not a position; "said it does not want …",
  // "signaled it intends …", "vowed to …" are.
  if (!STANCE_ONLY.test(verb) && !POSITION_GIST.test(gist)) return null;
  const own = new Set(contentTokens(actor));
  const topic = new Set(contentTokens(stated).filter((t) => !own.has(t) && !STANCE_WORD.test(t)));
  return {
    claim,
    actorKey: actorKeyOf(claim, actor),
    actor,
    phrase,
    verb,
    gist,
    gistTerms: new Set(contentTokens(gist)),
    topic,
    // "has not said it wants" and "has said it does not want" both deny the position.
    negated: negated !== NEGATED_GIST.test(gist),
  };
}

function lastBreak(text: string): number {
  for (let k = text.length - 1; k >= 0; k--) if (SUBJECT_BREAK.test(text[k]!)) return k + 1;
  return 0;
}

function stripPossessive(word: string): string {
  return word.replace(/[’']s$/, '');
}

/**
 * A named actor: one of the claim's entities, or a capitalised word that is not merely the
 * sentence's first word ("the Israeli military", not "Officials").
 */
function isNamed(claim: Claim, actor: string, actorAt: number): boolean {
  if (claim.entities.some((e) => actor.includes(e.text))) return true;
  const words = actor.split(/\s+/);
  return words.some((w, k) => /^\p{Lu}/u.test(w) && (k > 0 || actorAt > 0) && !LEADING.test(w));
}

function actorKeyOf(claim: Claim, actor: string): string {
  const person = claim.entities.find((e) => e.type === 'person' && actor.includes(e.text));
  const base = person ? person.text : actor;
  const words = foldText(base)
    .replace(/[’']s\b/g, "'s")
    .split(/\s+/)
    .filter((w) => !LEADING.test(w));
  if (person) return (words[words.length - 1] ?? '').replace(/[^\p{L}\p{N}'-]/gu, '');
  return words.join(' ').replace(/'s$/, '');
}

/** The core of what was stated: up to the first sub-clause or modifier, a dozen words at most. */
function coreOf(stated: string): string {
  const cut = GIST_BREAK.exec(` ${stated}`);
  let core = cut ? stated.slice(0, Math.max(0, cut.index - 1)) : stated;
  const words = core.split(/\s+/).filter(Boolean);
  // A participle after a few words starts a modifier ("battle plans aimed at …").
  for (let k = 4; k < words.length; k++) {
    if (/^\p{Ll}+(?:ed|ing)$/u.test(words[k]!) && !AUXILIARY.test(words[k - 1]!)) {
      words.length = k;
      break;
    }
  }
  const clipped = words.length > MAX_GIST_WORDS;
  core = words.slice(0, MAX_GIST_WORDS).join(' ');
  core = core.replace(/[.”"’?!]+$/, '').replace(/^[“"‘]+/, '');
  return clipped ? `${core} …` : core;
}

/**
 * Two sentences already paired as one fact that carry the same actor's position with different
 * content ("Ukraine has said it does not want a ceasefire …" vs "Ukraine has signaled it is ready
 * to accept a ceasefire …").
 */
export function framingBetween(a: Claim, b: Claim): Difference | null {
  const theirs = stancesOf(b);
  if (theirs.length === 0) return null;
  for (const mine of stancesOf(a)) {
    const other = theirs.find((s) => s.actorKey === mine.actorKey && pullsApart(mine, s));
    if (other) return framingConflict(mine, other);
  }
  return null;
}

export interface FramingInput {
  claims: readonly Claim[];
  /** Indexes of claims already accounted for (paired or agreeing): they are not paired again. */
  used: Set<number>;
}

/**
 * Pairs the two sides' stances of one actor on one matter whose content differs. One pair per
 * actor: the two statements that share most of what they are about.
 */
export function framingConflicts(left: FramingInput, right: FramingInput): Difference[] {
  const byActor = new Map<string, { i: number; stance: Stance }[]>();
  right.claims.forEach((claim, j) => {
    if (right.used.has(j)) return;
    for (const stance of stancesOf(claim)) {
      const list = byActor.get(stance.actorKey) ?? [];
      if (list.length < STANCES_PER_ACTOR) list.push({ i: j, stance });
      byActor.set(stance.actorKey, list);
    }
  });
  if (byActor.size === 0) return [];
  const candidates: { i: number; j: number; a: Stance; b: Stance; score: number }[] = [];
  const seen = new Map<string, number>();
  left.claims.forEach((claim, i) => {
    if (left.used.has(i)) return;
    for (const a of stancesOf(claim)) {
      const others = byActor.get(a.actorKey);
      if (!others) continue;
      const count = seen.get(a.actorKey) ?? 0;
      if (count >= STANCES_PER_ACTOR) continue;
      seen.set(a.actorKey, count + 1);
      for (const { i: j, stance: b } of others) {
        const score = aboutTheSame(a, b);
        if (score === 0 || !pullsApart(a, b)) continue;
        candidates.push({ i, j, a, b, score });
      }
    }
  });
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const out: Difference[] = [];
  const reported = new Set<string>();
  for (const { i, j, a, b } of candidates) {
    if (left.used.has(i) || right.used.has(j) || reported.has(a.actorKey)) continue;
    left.used.add(i);
    right.used.add(j);
    reported.add(a.actorKey);
    out.push(framingConflict(a, b));
  }
  return out;
}

/**
 * How much two stances are about the same matter: the words they share, beyond the actor and
 * the verb. A shared name counts double; one shared common word alone is not enough.
 */
function aboutTheSame(a: Stance, b: Stance): number {
  let score = 0;
  for (const term of a.topic) {
    if (!b.topic.has(term)) continue;
    score += namesIn(a.claim).has(term) || namesIn(b.claim).has(term) ? 2 : 1;
  }
  return score >= 2 ? score : 0;
}

const names = new WeakMap<Claim, Set<string>>();

function namesIn(claim: Claim): Set<string> {
  let set = names.get(claim);
  if (!set) {
    set = new Set(claim.entities.flatMap((e) => contentTokens(e.text)));
    names.set(claim, set);
  }
  return set;
}

/** Different content, or the same content with the opposite polarity. */
function pullsApart(a: Stance, b: Stance): boolean {
  const alike = dice(a.gistTerms, b.gistTerms);
  if (alike >= SAME_GIST) return a.negated !== b.negated;
  // One gist inside the other is the same statement reported at more or less length.
  const small = Math.min(a.gistTerms.size, b.gistTerms.size);
  return small === 0 || intersectionSize(a.gistTerms, b.gistTerms) / small < 0.8;
}

function framingConflict(a: Stance, b: Stance): Difference {
  const facets: FacetChange[] = [
    { type: 'attribution', before: a.phrase, after: b.phrase },
    { type: 'wording', before: a.gist, after: b.gist },
  ];
  return {
    kind: 'conflict',
    before: a.claim.text,
    after: b.claim.text,
    facets,
    significance: round(0.66),
    beforeId: a.claim.id,
    afterId: b.claim.id,
    words: wordDiff(a.claim.norm, b.claim.norm),
    reason: `Both reports say what ${a.actor.replace(/^the\s+/i, '')} ${verbPhrase(a, b)}, but differently: '${a.gist}' vs '${b.gist}'.`,
  };
}

const PARTICIPLE: Record<string, string> = {
  states: 'stated',
  says: 'said',
  signals: 'signaled',
  signalls: 'signalled',
  vows: 'vowed',
  warns: 'warned',
  insists: 'insisted',
  denies: 'denied',
  pledges: 'pledged',
  promises: 'promised',
  threatens: 'threatened',
  maintains: 'maintained',
  rejects: 'rejected',
  indicates: 'indicated',
};

const INTENT_PRESENT: Record<string, string> = {
  intended: 'intends',
  wanted: 'wants',
  planned: 'plans',
  sought: 'seeks',
  refused: 'refuses',
};

/** "has stated or signaled", "intends", "has said or intends". */
function verbPhrase(a: Stance, b: Stance): string {
  const phrases: string[] = [];
  for (const stance of [a, b]) {
    const verb = stance.verb.toLowerCase();
    const present = INTENT_PRESENT[verb];
    const phrase = INTENT_VERB.test(verb)
      ? present
        ? `has said it ${present}`
        : verb
      : `has ${PARTICIPLE[verb] ?? verb}`;
    if (!phrases.includes(phrase)) phrases.push(phrase);
  }
  if (phrases.length === 2 && phrases[0]!.startsWith('has ') && phrases[1]!.startsWith('has '))
    return `${phrases[0]} or ${phrases[1]!.slice(4)}`;
  return phrases.join(' or ');
}
