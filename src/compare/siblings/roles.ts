import type { Difference } from '../../model/types';
import { foldText } from '../../text/normalize';
import { conflictOf } from './conflict';
import { surname } from './people';
import type { ClaimView } from './views';

/**
 * One person given two offices that cannot both be theirs ("Defense Secretary" in one report,
 * "Secretary of State" in the other). Only offices of one family conflict: a department's
 * secretary against another's, a senator against a representative, a president against a vice
 * president. Other titles are descriptions that can all be true at once ("deputy Pentagon
 * press secretary" and "Pentagon spokeswoman"), and a former or acting office never conflicts.
 */

interface Office {
  family: string;
  office: string;
  text: string;
}

const DEPARTMENTS =
  'state|defense|treasury|homeland security|commerce|labor|energy|education|agriculture|interior|transportation|veterans affairs|health and human services|justice';

const TITLES: { pattern: RegExp; office: (m: RegExpExecArray) => Office }[] = [
  {
    pattern: new RegExp(`\\bSecretary of (?:the )?(${DEPARTMENTS})$`, 'i'),
    office: (m) => ({ family: 'secretary', office: m[1]!.toLowerCase(), text: m[0] }),
  },
  {
    pattern: new RegExp(`\\b(${DEPARTMENTS}) Secretary$`, 'i'),
    office: (m) => ({ family: 'secretary', office: m[1]!.toLowerCase(), text: m[0] }),
  },
  {
    pattern: /\b(Vice President|President)$/,
    office: (m) => ({ family: 'president', office: m[1]!.toLowerCase(), text: m[0] }),
  },
  {
    pattern: /\b(Sen\.|Senator|Rep\.|Representative|Congressman|Congresswoman)$/,
    office: (m) => ({
      family: 'legislator',
      office: /^sen/i.test(m[1]!) ? 'senator' : 'representative',
      text: m[0],
    }),
  },
];

/** Words before a title that make it not a present, single office. */
const NOT_CURRENT =
  /\b(?:former|ex|then|acting|deputy|assistant|under|vice|candidate|nominee|would-be)[\s-]*$/i;

/** The offices a report gives each person (by surname), with the sentence it says so in. */
function officesOf(views: readonly ClaimView[]): Map<string, { office: Office; view: ClaimView }[]> {
  const out = new Map<string, { office: Office; view: ClaimView }[]>();
  for (const view of views) {
    const text = view.claim.text;
    for (const entity of view.claim.entities) {
      if (entity.type !== 'person') continue;
      const at = text.indexOf(entity.text);
      if (at < 0) continue;
      const before = text.slice(Math.max(0, at - 50), at).trimEnd();
      for (const title of TITLES) {
        const m = title.pattern.exec(before);
        if (!m) continue;
        // "Vice President" must not be read as "President", nor "deputy secretary" as a secretary.
        if (NOT_CURRENT.test(before.slice(0, before.length - m[0].length))) break;
        const key = surname(entity.text);
        const list = out.get(key) ?? [];
        list.push({ office: title.office(m), view });
        out.set(key, list);
        break;
      }
    }
  }
  return out;
}

export function roleConflicts(left: readonly ClaimView[], right: readonly ClaimView[]): Difference[] {
  const ours = officesOf(left);
  const theirs = officesOf(right);
  const out: Difference[] = [];
  for (const [person, mine] of ours) {
    const other = theirs.get(person);
    if (!other) continue;
    // A report that gives one person two offices of one family is describing a change of post.
    const consistent = (list: { office: Office }[]) =>
      new Set(list.map((o) => `${o.office.family}:${o.office.office}`)).size ===
      new Set(list.map((o) => o.office.family)).size;
    if (!consistent(mine) || !consistent(other)) continue;
    for (const a of mine) {
      const b = other.find((o) => o.office.family === a.office.family && o.office.office !== a.office.office);
      if (!b) continue;
      out.push(
        conflictOf(a.view.claim, b.view.claim, [
          {
            facet: { type: 'entity', before: a.office.text, after: b.office.text },
            reason: `Different offices for ${foldText(person).replace(/^\p{L}/u, (c) => c.toUpperCase())}: '${a.office.text}' vs '${b.office.text}'.`,
            significance: 0.8,
          },
        ]),
      );
      break;
    }
  }
  return out;
}
