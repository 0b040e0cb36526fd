import type { Claim } from '../model/types';
import { foldText } from '../text/normalize';
import { findAttributions } from './attributions';
import { hasTag } from './lexicon';
import { topLevelQuotes } from './quoteSpans';

/**
 * Who spoke each quotation, resolved across the article: the person named in its attribution,
 * with pronouns, short forms and role nouns ("he said", "Mr. Ryan", "the governor") resolved to
 * a compatible person named earlier. Where the text does not settle it the speaker stays null:
 * a quote paired under the wrong name costs the reader's trust, an unpaired one only a line.
 */

type Gender = 'm' | 'f';

interface Person {
  /** The fullest form the article gives ("Sabrina Singh"). */
  name: string;
  first: string | null;
  surname: string;
  gender: Gender | null;
  roles: Set<string>;
}

/** Role nouns, folded to one form, with the gender the word itself marks. */
const ROLES: Record<string, { role: string; gender?: Gender }> = {
  governor: { role: 'governor' },
  gov: { role: 'governor' },
  senator: { role: 'senator' },
  sen: { role: 'senator' },
  representative: { role: 'representative' },
  rep: { role: 'representative' },
  congressman: { role: 'representative', gender: 'm' },
  congresswoman: { role: 'representative', gender: 'f' },
  lawmaker: { role: 'representative' },
  legislator: { role: 'legislator' },
  president: { role: 'president' },
  secretary: { role: 'secretary' },
  minister: { role: 'minister' },
  spokesman: { role: 'spokesperson', gender: 'm' },
  spokeswoman: { role: 'spokesperson', gender: 'f' },
  spokesperson: { role: 'spokesperson' },
  mayor: { role: 'mayor' },
  host: { role: 'host' },
  chairman: { role: 'chair', gender: 'm' },
  chairwoman: { role: 'chair', gender: 'f' },
  chair: { role: 'chair' },
  speaker: { role: 'speaker' },
  leader: { role: 'leader' },
  candidate: { role: 'candidate' },
  director: { role: 'director' },
  aide: { role: 'aide' },
  son: { role: 'son', gender: 'm' },
  daughter: { role: 'daughter', gender: 'f' },
  father: { role: 'father', gender: 'm' },
  mother: { role: 'mother', gender: 'f' },
  husband: { role: 'husband', gender: 'm' },
  wife: { role: 'wife', gender: 'f' },
  businessman: { role: 'businessman', gender: 'm' },
  businesswoman: { role: 'businesswoman', gender: 'f' },
};

/** Capitalised words the entity rules can take for a name that never name a person. */
const NOT_PEOPLE = new Set(['democrat', 'democrats', 'republican', 'republicans', 'gop', 'independent']);
const HONORIFIC: Record<string, Gender> = { mr: 'm', mrs: 'f', ms: 'f', miss: 'f' };
const PRONOUN_GENDER: Record<string, Gender> = { he: 'm', she: 'f' };
/** How many sentences back a pronoun or a speaker carried over may reach. */
const WINDOW = 4;

const wordsOf = (text: string) =>
  foldText(text)
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s,]+/)
    .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}.'-]+$/gu, '').replace(/['’]s$/, ''))
    .filter(Boolean);

/** A name as printed → its parts: "Mr. Perry" → surname "perry", gender m; "John Boehner (R-Ohio)" → john boehner. */
function parseName(raw: string): { first: string | null; surname: string; gender: Gender | null } | null {
  // "John Boehner, R-Ohio", "John Boehner (R-Ohio)": the party and state tag is not a name.
  const words = wordsOf(raw.split(',')[0]!).filter((w) => !/^(?:jr|sr|ii|iii)\.?$|^[rdi]-[a-z.]+$/.test(w));
  let gender: Gender | null = null;
  let names: string[] = [];
  for (const word of words) {
    const bare = word.replace(/\.$/, '');
    // "Gov. Rick Perry of Texas": the name ends where its place begins.
    if (names.length > 0 && /^(?:of|from|in|at)$/.test(bare)) break;
    // A title ends what came before it: "North Carolina Rep. Bob Etheridge" is Bob Etheridge.
    if (HONORIFIC[bare]) {
      gender = HONORIFIC[bare];
      names = [];
    } else if (ROLES[bare] || /^[a-z]+\.$/.test(word)) names = [];
    else if (/^\p{L}/u.test(word)) names.push(bare);
  }
  if (names.length === 0 || NOT_PEOPLE.has(names[names.length - 1]!)) return null;
  const first = names.length > 1 ? names[0]! : null;
  if (!gender && first) {
    if (hasTag(first, 'MaleName')) gender = 'm';
    else if (hasTag(first, 'FemaleName')) gender = 'f';
  }
  return { first, surname: names[names.length - 1]!, gender };
}

/** Role nouns in a phrase ("deputy Pentagon press secretary", "the Texas governor", "his son"). */
function rolesIn(phrase: string): { role: string; gender?: Gender }[] {
  return wordsOf(phrase)
    .map((w) => ROLES[w.replace(/\.$/, '')])
    .filter((r): r is { role: string; gender?: Gender } => r !== undefined);
}

/** Offsets of `needle` in `text` that lie outside every quotation. */
function outsideQuotes(text: string, needle: string, spans: { open: number; close: number }[]): number {
  let at = text.indexOf(needle);
  while (at >= 0) {
    const inside = spans.some((s) => at > s.open && at < s.close);
    if (!inside) return at;
    at = text.indexOf(needle, at + 1);
  }
  return -1;
}

interface Mention {
  person: Person;
  claim: number;
}

class Registry {
  readonly people: Person[] = [];
  /** Every mention outside quotation marks, in reading order. */
  readonly mentions: Mention[] = [];

  /** The person a printed name refers to, registered on first sight. */
  resolveName(raw: string, claim: number, roleText: string): Person | null {
    const parsed = parseName(raw);
    if (!parsed) return null;
    const roles = rolesIn(roleText);
    const roleGender = roles.find((r) => r.gender)?.gender ?? null;
    const gender = parsed.gender ?? roleGender;
    const sameSurname = this.people.filter(
      (p) => p.surname === parsed.surname && (!gender || !p.gender || p.gender === gender),
    );
    let person: Person | null = null;
    if (parsed.first) {
      person = sameSurname.find((p) => p.first === parsed.first) ?? null;
      // "Boehner" seen before "John Boehner": the short form was this person all along.
      if (!person) {
        const bare = sameSurname.filter((p) => p.first === null);
        if (bare.length === 1 && !this.people.some((p) => p.surname === parsed.surname && p.first)) {
          person = bare[0]!;
          person.first = parsed.first;
          person.name = `${parsed.first} ${parsed.surname}`;
        }
      }
    } else if (sameSurname.length === 1) {
      person = sameSurname[0]!;
    } else if (sameSurname.length > 1) {
      // Two people share the surname: a short form is the one named most recently, if that is close.
      const recent = [...this.mentions].reverse().find((m) => sameSurname.includes(m.person));
      if (!recent || claim - recent.claim > WINDOW) return null;
      person = recent.person;
    }
    if (!person) {
      person = {
        name: parsed.first ? `${parsed.first} ${parsed.surname}` : parsed.surname,
        first: parsed.first,
        surname: parsed.surname,
        gender,
        roles: new Set(),
      };
      this.people.push(person);
    }
    person.gender ??= gender;
    for (const r of roles) person.roles.add(r.role);
    return person;
  }

  mention(person: Person, claim: number): void {
    this.mentions.push({ person, claim });
  }

  /** The people mentioned within the window before (and in) this claim, nearest first, distinct. */
  recent(claim: number): Person[] {
    const out: Person[] = [];
    for (let k = this.mentions.length - 1; k >= 0; k--) {
      const m = this.mentions[k]!;
      if (claim - m.claim > WINDOW) break;
      if (!out.includes(m.person)) out.push(m.person);
    }
    return out;
  }
}

const compatible = (p: Person, gender: Gender | null) => !gender || !p.gender || p.gender === gender;

/** "Beck", "Mr. Perry": a display name as the article prints it most fully. */
function display(person: Person): string {
  return person.first ? `${capital(person.first)} ${capital(person.surname)}` : capital(person.surname);
}
const capital = (word: string) =>
  word.replace(/(^|[-'])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());

/**
 * Sets `person` on every quote of the claims: the speaker's name as the article gives it most
 * fully, or null when the text does not say who spoke.
 */
export function resolveSpeakers(claims: readonly Claim[]): void {
  const registry = new Registry();
  let lastSpeaker: { person: Person; claim: number; paragraph: number } | null = null;
  claims.forEach((claim, c) => {
    const spans = topLevelQuotes(claim.text);
    // People named outside quotation marks, in order; a name inside a quote is not a speaker.
    const named: { person: Person; at: number; text: string }[] = [];
    for (const entity of claim.entities) {
      if (entity.type !== 'person') continue;
      const at = outsideQuotes(claim.text, entity.text, spans);
      if (at < 0) continue;
      // The title just before the name ("Texas Gov. Rick Perry"): an abbreviation's stop is no break.
      const before =
        claim.text
          .slice(Math.max(0, at - 60), at)
          .split(/[,;:!?—–]|(?<!\b\p{Lu}\p{Ll}{0,3})\.\s/u)
          .pop() ?? '';
      const after =
        /^[^,]*,\s*((?:the\s+|a\s+)?[^,]{2,60}),/.exec(claim.text.slice(at + entity.text.length))?.[1] ?? '';
      const person = registry.resolveName(entity.text, c, `${before} ${entity.text} ${after}`);
      if (person) named.push({ person, at, text: entity.text });
    }
    named.sort((a, b) => a.at - b.at);
    const previous = registry.recent(c - 1);
    const attributions = claim.quotes.length > 0 ? findAttributions(claim.text) : [];
    const speakers = claim.quotes.map((quote) => {
      const span = spans.find((s) => claim.text.slice(s.open + 1, s.close).includes(quote.text));
      if (!span) return null;
      // "…,” said Rep. X": a verb-first attribution right after the quotation is its own.
      const attribution =
        attributions.find((a) => a.verbFirst && a.start > span.close && a.start - span.close <= 4) ??
        attributions.filter((a) => a.end <= span.open).pop() ??
        attributions.find((a) => a.start > span.close);
      if (!attribution) {
        // An unattributed quote continues the speaker of the sentence before, in the same or the
        // next paragraph, when nobody else is named in between and it is more than a scare quote.
        // Only a sentence that is all quotation: one that introduces its quote in prose ("a student
        // asked, …") is someone else speaking.
        const whole = claim.text.replace(/^[\s"“‘'„«]+|[\s"”’'».,!?]+$/g, '');
        const carried =
          lastSpeaker &&
          c - lastSpeaker.claim <= 2 &&
          claim.paragraph === lastSpeaker.paragraph &&
          quote.text.split(/\s+/).length >= 4 &&
          quote.text.length >= 0.8 * whole.length &&
          named.length === 0;
        return carried ? lastSpeaker!.person : null;
      }
      const subject = attribution.subject.trim();
      const pronoun = subject.toLowerCase();
      if (pronoun in PRONOUN_GENDER) {
        const gender = PRONOUN_GENDER[pronoun]!;
        const earlier = named.filter((n) => n.at < attribution.start).map((n) => n.person);
        const candidates = [...earlier.reverse(), ...previous].filter(
          (p, k, all) => all.indexOf(p) === k && compatible(p, gender),
        );
        // The speaker carried over, unless someone else compatible is named in this sentence first.
        const speaking =
          lastSpeaker && c - lastSpeaker.claim <= WINDOW && compatible(lastSpeaker.person, gender)
            ? lastSpeaker.person
            : null;
        if (speaking && !earlier.some((p) => p !== speaking && compatible(p, gender))) return speaking;
        // Otherwise the nearest person the text marks with that gender, if nobody of unknown
        // gender is named nearer: agreement unproven is not agreement.
        const nearest = candidates[0];
        return nearest && nearest.gender === gender ? nearest : null;
      }
      const inSubject = named.find((n) => subject.includes(n.text) && !onBehalfOf(subject, n.text));
      if (inSubject) return inSubject.person;
      // "Mr. Perry says": a short form the entity rules missed, of someone already named.
      // Also a bare surname after a verb-first "says": "…,” says Perry in the new ad.
      const short =
        /\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(\p{Lu}[\p{L}'’-]+)/u.exec(subject) ??
        (attribution.verbFirst ? /^(\p{Lu}[\p{L}'’-]+)$/u.exec(subject) : null);
      if (short && registry.people.some((p) => p.surname === foldText(short[1]!))) {
        const person = registry.resolveName(short[0], c, subject);
        if (person) return person;
      }
      // "the governor said": the person the text gives that role, named nearby.
      const roles = rolesIn(subject);
      if (roles.length > 0 && /^(?:the|his|her|their)\b/i.test(subject)) {
        const holders = [...named.map((n) => n.person).reverse(), ...previous].filter(
          (p, k, all) =>
            all.indexOf(p) === k &&
            roles.every((r) => p.roles.has(r.role) && compatible(p, r.gender ?? null)),
        );
        if (holders.length >= 1) return holders[0]!;
        const all = registry.people.filter((p) => roles.every((r) => p.roles.has(r.role)));
        return all.length === 1 ? all[0]! : null;
      }
      return null;
    });
    claim.quotes.forEach((quote, x) => {
      quote.person = speakers[x] ? display(speakers[x]) : null;
    });
    const speaking = speakers.find((s) => s !== null) ?? attributedPerson(claim, named, attributions);
    if (speaking) lastSpeaker = { person: speaking, claim: c, paragraph: claim.paragraph };
    for (const n of named) registry.mention(n.person, c);
  });
}

/**
 * A name in the subject that is not the speaker: "a spokesman for Sen. X", "an aide to X",
 * "X's lawyer" — someone speaking for them.
 */
function onBehalfOf(subject: string, name: string): boolean {
  const at = subject.indexOf(name);
  const before = subject.slice(0, at);
  const after = subject.slice(at + name.length);
  return (
    /\bfor\s+(?:\S+\s+){0,2}$/i.test(before) ||
    /\b(?:aides?|advis[eo]rs?|lawyers?|attorneys?|spokes(?:man|woman|person)|sons?|daughters?|wife|husband|mother|father|friends?|staff(?:er)?s?)\s+(?:of|to)\s+(?:\S+\s+){0,2}$/i.test(
      before,
    ) ||
    /^['’]s\s+\p{L}/u.test(after)
  );
}

/** The person named as the subject of one of the claim's attributions, who speaks even without a quote. */
function attributedPerson(
  claim: Claim,
  named: { person: Person; text: string }[],
  attributions: ReturnType<typeof findAttributions>,
): Person | null {
  for (const a of attributions.length > 0 ? attributions : findAttributions(claim.text)) {
    const hit = named.find((n) => a.subject.includes(n.text) && !onBehalfOf(a.subject, n.text));
    if (hit) return hit.person;
  }
  return null;
}
