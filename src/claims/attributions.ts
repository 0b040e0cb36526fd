import type { AttributionFacet } from '../model/types';
import { foldText } from '../text/normalize';
import { entitiesIn } from './entities';
import { topLevelQuotes } from './quoteSpans';

/**
 * Sourcing phrases: who the reader is asked to trust. Found outside quotation marks only, so a
 * quoted "he said" is never mistaken for the article's own sourcing. Recall over precision: a
 * missed "the official said" hides the very edit this facet exists to show.
 */

const SPEECH_VERB =
  '(?:(?:has|have|had)\\s+)?(?:said|says|say|told|tells|tell|reported|reports|announced|announces|stated|states|confirmed|confirms|estimates|estimated|added|adds|noted|warned|wrote|claimed|claims|insisted|acknowledged|declared|explained|has learned|have learned|learned)';

/** Words that end a subject phrase when walking back from the verb. */
const SUBJECT_BREAK = new Set(
  'that and but as while when because which who whom after before since so if though although where than whether'.split(
    ' ',
  ),
);
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
const TIME_TAIL = new RegExp(
  '^(?:\\s+(?:on\\s+|early\\s+|late\\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\\s+(?:yesterday|today|last week|this week))',
);

export interface Attribution extends AttributionFacet {
  /** Offsets in the text, so quotes can find the speaker nearest to them. */
  start: number;
  end: number;
  /** The subject as published (for speaker resolution). */
  subject: string;
  /** The verb comes first, right after the quotation it attributes ("…,” said Rep. X). */
  verbFirst?: boolean;
}

/** Text with quotations blanked out (same length), so offsets stay valid. */
function outsideQuotes(text: string): string {
  let out = text;
  for (const quote of topLevelQuotes(text)) {
    out = out.slice(0, quote.open) + ' '.repeat(quote.close - quote.open + 1) + out.slice(quote.close + 1);
  }
  return out;
}

function subjectBefore(prose: string, verbStart: number): { start: number; text: string } | null {
  const before = prose.slice(Math.max(0, verbStart - 160), verbStart);
  const offset = verbStart - before.length;
  // "Sabrina Singh, deputy Pentagon press secretary, told …": skip the appositive back to the name.
  const appositive = /([\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*){0,3}),\s+[^,]{2,80},\s*$/u.exec(
    before,
  );
  if (appositive) return { start: offset + appositive.index, text: appositive[0].replace(/,\s*$/, '') };
  const words = [...before.matchAll(/[^\s,;:()—–]+|[,;:()—–]/g)];
  let first = words.length;
  for (let i = words.length - 1; i >= 0 && words.length - i <= 9; i--) {
    const word = words[i]![0];
    if (/^[,;:()—–]$/.test(word) || SUBJECT_BREAK.has(word.toLowerCase())) break;
    first = i;
  }
  if (first >= words.length) return null;
  const start = offset + words[first]!.index;
  const text = prose.slice(start, verbStart).trim();
  if (!text || text.split(/\s+/).length > 8) return null;
  return { start, text };
}

const NAME_WORD = "\\p{Lu}[\\p{L}'’-]*\\.?";
/** A name after the verb, titles included: "Rep. Bob Etheridge", "Ms. Jones", "Nancy Pelosi". */
const NAME_AFTER = new RegExp(
  `^${NAME_WORD}(?:\\s+(?:${NAME_WORD}|(?:de|van|von|al|bin|da|di|del|la|le)(?=\\s+\\p{Lu})))*`,
  'u',
);
/** A role phrase after the verb, up to a comma or a preposition: "the legislator", "a spokesman". */
const ROLE_AFTER =
  /^(?:the|a|an|his|her|their)\s+(?:[\p{L}'’.-]+\s+){0,5}?[\p{L}'’-]+(?=\s*[,.;]|\s*$|\s+(?:on|in|at|during|after|before|last|this|from|of|for|to|with|who|and)\b)/u;
const NOT_A_NAME =
  /^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|October|November|December|Today|Yesterday|Tonight|In|On|At|The|A|An)\b/;

/**
 * Who speaks in a verb-first attribution, right after a quotation: "…,” said the legislator,
 * Rep. X; "…,” said Rep. X, a Democrat; "…,” says Ms. Jones. The role alone when no name
 * follows it ("said the governor"); never what follows a "for" ("a spokesman for Sen. X" is
 * the spokesman speaking).
 */
function subjectAfter(prose: string, end: number): { text: string; end: number } | null {
  const rest = prose.slice(end, end + 160);
  const lead = /^\s+/.exec(rest)?.[0].length ?? 0;
  if (lead === 0) return null;
  const body = rest.slice(lead);
  const role = ROLE_AFTER.exec(body);
  if (role) {
    const named = /^,\s+/.exec(body.slice(role[0].length));
    const after = named ? body.slice(role[0].length + named[0].length) : '';
    const name = named ? NAME_AFTER.exec(after) : null;
    if (name && !NOT_A_NAME.test(name[0])) {
      const text = `${role[0]}, ${name[0].replace(/\.$/, (m) => (/\b\p{Lu}\p{Ll}{0,3}\.$/u.test(name[0]) ? m : ''))}`;
      return { text, end: end + lead + role[0].length + named![0].length + name[0].length };
    }
    return { text: role[0], end: end + lead + role[0].length };
  }
  const name = NAME_AFTER.exec(body);
  if (!name || NOT_A_NAME.test(name[0])) return null;
  // A sentence-final full stop is not part of the name; an abbreviation's ("Jr.") is.
  const text = /\s\p{Lu}\p{Ll}+\.$/u.test(` ${name[0]}`) ? name[0].slice(0, -1) : name[0];
  return { text, end: end + lead + text.length };
}

function objectAfter(prose: string, end: number): string {
  const match = /^\s+((?:the\s+)?[\p{L}.'’-]+(?:\s+[\p{Lu}][\p{L}.'’-]*){0,4})/u.exec(
    prose.slice(end, end + 80),
  );
  if (!match) return '';
  const words = match[1]!.split(/\s+/);
  // "told reporters", "told Fox News", "told the U.N. Security Council" — stop at lower-case words after the first.
  const kept = [words[0]!];
  for (const word of words.slice(1)) {
    if (!/^\p{Lu}/u.test(word) && kept[kept.length - 1] !== 'the') break;
    if (/^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/.test(word)) break;
    kept.push(word);
  }
  return (
    ' ' +
    kept
      .join(' ')
      .replace(/[.,;:]+$/, (m) => (/\p{Lu}\.$/u.test(kept.join(' ')) ? m.replace(/[,;:]/g, '') : ''))
  );
}

/** A named person inside the subject is the source ("Deputy … secretary Sabrina Singh" → "sabrina singh"). */
function sourceOf(subject: string): string {
  const person = entitiesIn(subject).find((entity) => entity.type === 'person');
  return foldText(person ? person.text : subject);
}

export function findAttributions(text: string): Attribution[] {
  const prose = outsideQuotes(text);
  const found: Attribution[] = [];
  for (const match of prose.matchAll(/\baccording to\s+/gi)) {
    const rest = prose.slice(match.index + match[0].length, match.index + match[0].length + 100);
    const words = (rest.split(/[,;:()—–]/)[0] ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
    const cut = words.findIndex((w) => /^(?:and|but|who|which|that|to|in|on|for)$/i.test(w));
    if (cut >= 0) words.length = cut;
    let source = words.join(' ');
    if (source.endsWith('.') && !/(?:^|\s)(?:\p{Lu}\.)+$/u.test(source)) source = source.slice(0, -1);
    if (!source) continue;
    const phrase = `${match[0]}${source}`;
    found.push({
      text: phrase,
      source: sourceOf(source),
      start: match.index,
      end: match.index + phrase.length,
      subject: source,
    });
  }
  const verbPattern = new RegExp(`\\b${SPEECH_VERB}\\b`, 'g');
  for (const match of prose.matchAll(verbPattern)) {
    // "…,” said Rep. X": the verb right after a quotation's close, its speaker after it.
    if (/^(?:said|says|added|adds|told|tells|wrote|declared|insisted|noted|warned)$/.test(match[0])) {
      const closed = /[”"’'»](?:\s*[,—–-])?\s*$/.test(text.slice(Math.max(0, match.index - 4), match.index));
      const after = closed ? subjectAfter(prose, match.index + match[0].length) : null;
      if (after) {
        const name = /^(?:(?:the|a|an|his|her|their)\s[^,]*,\s+)?(.*)$/.exec(after.text)![1]!;
        found.push({
          text: text.slice(match.index, after.end).trim(),
          source: sourceOf(name),
          start: match.index,
          end: after.end,
          subject: after.text,
          verbFirst: true,
        });
        continue;
      }
    }
    const subject = subjectBefore(prose, match.index);
    if (!subject) continue;
    if (PRONOUNS.has(subject.text.toLowerCase()) && !/^(?:he|she|they)$/i.test(subject.text)) continue;
    let end = match.index + match[0].length;
    if (/^(?:told|tells|tell)$/.test(match[0])) end += objectAfter(prose, end).length;
    const tail = TIME_TAIL.exec(prose.slice(end));
    if (tail) end += tail[0].length;
    const phrase = text.slice(subject.start, end).trim();
    const name = /^(.*?),\s+[^,]+$/.exec(subject.text)?.[1] ?? subject.text;
    found.push({ text: phrase, source: sourceOf(name), start: subject.start, end, subject: name });
  }
  return found.sort((a, b) => a.start - b.start);
}

export function attributionsIn(text: string): AttributionFacet[] {
  return findAttributions(text).map(({ text: phrase, source }) => ({ text: phrase, source }));
}
