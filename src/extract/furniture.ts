/**
 * Page furniture that survives Readability because publishers place it inside the article body:
 * app and newsletter promos, inline related-story headlines, photo captions, copyright lines.
 * Reporting any of it as a claim would show readers changes that are not there, so each rule is
 * general (no per-site lists) and every removal is recorded with the rule that made it.
 */
import type { RemovedFurniture } from '../model/types';

export interface CleanedParagraphs {
  paragraphs: string[];
  /** Contributor lines, kept for display but never claims. */
  credits: string[];
  removed: RemovedFurniture[];
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Calls to action: the whole line is the promo, so it is short and starts with the imperative. */
const PROMO =
  /^(?:click here\b|tap here\b|download (?:the|our)\b.*\bapp\b|get (?:the|our)\b.*\b(?:app|newsletter)\b|sign up\b|subscribe (?:to|now|for|here|today)\b|follow (?:us|[\w.’' ]{1,40}) on (?:twitter|x|facebook|instagram|tiktok|threads|youtube|linkedin|bluesky|whatsapp|google news)\b|(?:like|join) us on (?:facebook|instagram|twitter|x|whatsapp)\b|listen (?:to|on) (?:the|our)\b.*\bpodcast\b)/i;

/** Lead-ins of inline links to other stories. */
const RELATED_PREFIX =
  /^(?:read more|related(?: stories| story| coverage| articles?)?|watch|more|also read|read also|see also|listen|don['’]t miss|trending|recommended|opinion)\s*:\s*\S/i;

/** "(Rabih Daher/AFP via Getty Images)", "(AP Photo/Hussein Malla)", "(Reuters)". */
const PAREN_CREDIT =
  /\((?:[^()]*\/[^()]*|[^()]*\b(?:photo|photograph|image|getty|reuters|afp|ap|epa|shutterstock|pool)\b[^()]*)\)\s*$/i;
const CAPTION_SIGNAL =
  /\b(?:photo(?:graph)?\s*:|getty images|ap photo|reuters\/|afp via|image:|credit:|file photo)/i;
const CREDIT_AGENCY = /\b(?:getty|ap photo|reuters|afp|epa|shutterstock|photo|images?)\b/i;

const COPYRIGHT = /(?:copyright\s*(?:©|\(c\)|\d{4})|©\s*(?:\d{4}|[A-Z])|\ball rights reserved\b)/i;

const CONTRIBUTORS =
  /\b(?:contributed (?:to this (?:report|story|article)|reporting|additional reporting)|contributed\.?$)|^(?:additional )?reporting by\b|^(?:writing|editing|reporting) by\b.*;/i;

const AUTHOR_BIO =
  /^[\p{Lu}][\p{L}.'’-]+(?: [\p{Lu}][\p{L}.'’-]+){0,3} is (?:a|an|the)\b.{0,160}\b(?:reporter|correspondent|producer|editor|writer|journalist|columnist|contributor|anchor|host|intern)\b/u;

const DATELINE_ONLY = /^(?:published|updated|posted|last updated|first published)\b[^.]{0,80}\d/i;

/** Upper-case share of cased letters, or null when too few letters carry case (CJK, Arabic…). */
function upperShare(text: string): number | null {
  let upper = 0;
  let cased = 0;
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upperCh = ch.toUpperCase();
    if (lower === upperCh) continue;
    cased++;
    if (ch === upperCh) upper++;
  }
  return cased < 8 ? null : upper / cased;
}

function isAllCapsHeadline(text: string): boolean {
  if (wordCount(text) < 3) return false;
  const share = upperShare(text);
  return share !== null && share >= 0.85;
}

function isCaption(text: string, isFirst: boolean): boolean {
  if (wordCount(text) > 80) return false;
  const credit = PAREN_CREDIT.exec(text);
  if (isFirst) return credit !== null || CAPTION_SIGNAL.test(text);
  // Further down, only an explicit agency credit in trailing parentheses marks a caption.
  return credit !== null && CREDIT_AGENCY.test(credit[0]) && credit[0].includes('/');
}

type Verdict = { kind: 'keep' } | { kind: 'credit' } | { kind: 'remove'; rule: string };

function judge(text: string, index: number, last: number): Verdict {
  const words = wordCount(text);
  if (words <= 30 && PROMO.test(text)) return { kind: 'remove', rule: 'promo' };
  if (words <= 40 && RELATED_PREFIX.test(text)) return { kind: 'remove', rule: 'related-link' };
  if (words <= 40 && isAllCapsHeadline(text)) return { kind: 'remove', rule: 'all-caps-headline' };
  if (words <= 40 && COPYRIGHT.test(text)) return { kind: 'remove', rule: 'copyright' };
  if (words <= 60 && CONTRIBUTORS.test(text)) return { kind: 'credit' };
  if (isCaption(text, index === 0)) return { kind: 'remove', rule: 'caption' };
  if (words <= 20 && DATELINE_ONLY.test(text)) return { kind: 'remove', rule: 'dateline' };
  if (index >= last - 1 && words <= 60 && AUTHOR_BIO.test(text))
    return { kind: 'remove', rule: 'author-bio' };
  return { kind: 'keep' };
}

/**
 * Apply the furniture rules to body paragraphs (from Readability or from a text file). Whitespace
 * is collapsed and empty paragraphs dropped; the words are otherwise left exactly as published.
 */
export function cleanParagraphs(paragraphs: string[]): CleanedParagraphs {
  const texts = paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 0);
  const result: CleanedParagraphs = { paragraphs: [], credits: [], removed: [] };
  const last = texts.length - 1;
  texts.forEach((text, index) => {
    const verdict = judge(text, index, last);
    if (verdict.kind === 'keep') result.paragraphs.push(text);
    else if (verdict.kind === 'credit') result.credits.push(text);
    else result.removed.push({ text, rule: verdict.rule });
  });
  return result;
}
