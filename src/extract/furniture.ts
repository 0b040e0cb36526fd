/**
 * Page furniture that survives Readability because publishers place it inside the article body:
 * app and newsletter promos, inline related-story headlines, photo captions, copyright lines.
 * Reporting any of it as a claim would show readers changes that are not there, so each rule is
 * general (no per-site lists) and every removal is recorded with the rule that made it.
 */
import type { RemovedFurniture } from '../model/types';

export interface CleanedParagraphs {
  paragraphs: string[];
  /** Contributor lines and the writer's bio, kept for display but never claims. */
  credits: string[];
  removed: RemovedFurniture[];
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Calls to action: the whole line is the promo, so it is short and starts with the imperative. */
const PROMO =
  /^(?:click here\b|tap here\b|download (?:the|our)\b.*\bapp\b|get (?:the|our)\b.*\b(?:app|newsletter)\b|sign up\b|subscribe (?:to|now|for|here|today)\b|follow (?:us|[\w.’' ]{1,40}) on (?:twitter|x|facebook|instagram|tiktok|threads|youtube|linkedin|bluesky|whatsapp|google news)\b|(?:like|join) us on (?:facebook|instagram|twitter|x|whatsapp)\b|listen (?:to|on) (?:the|our)\b.*\bpodcast\b)/i;

/** Lead-ins of inline links to other stories. */
const RELATED_PREFIX =
  /^(?:read more|related(?: stories| story| coverage| articles?| news)?|watch|more|also read|read also|see also|see more|listen|don['’]t miss|trending|recommended|opinion)\s*:\s*\S/i;

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

/**
 * Lines that are page furniture whole: lead-ins of link lists ("You may also like…", "Don't
 * miss"), advert and comment labels, gallery counters, script-only notices, unexpanded
 * shortcodes, a bare address, newsletter and tip-line boxes.
 */
const STANDALONE = [
  /^(?:you (?:may|might) also like|you may be interested in|related(?: (?:stories|articles|content|posts|coverage|links|news))?|more (?:stories|news|on this story|from [\p{L} .'’&-]{1,40})|read more|read next|see more|see also|don['’]t miss|must read|recommended(?: for you)?|trending(?: now)?|most (?:read|popular|viewed)|popular (?:now|stories)|top stories|latest news|also (?:read|see))\s*[:.…]*$/iu,
  /^(?:advert|advertisement|anzeige|publicidad|publicité|реклама|sponsored(?: content)?)$/i,
  /^(?:\d+\s+)?comments?(?:\s*\(\d+\))?$/i,
  /^(?:tell us what you think|leave a (?:comment|reply)|join the (?:conversation|discussion)|add a comment)\b.{0,20}$/i,
  /^(?:image|photo|picture|slide) \d+ of\b.{0,10}$/i,
  /^this (?:slideshow|video|content|gallery|feature) requires javascript\.?$/i,
  /^\[[a-z_-]+(?:\s[^\]]*)?\].{0,200}\[\/[a-z_-]+\]$/i,
  /^(?:https?:\/\/|www\.)\S+$/i,
  /^(?:get|receive|sign up for) (?:the latest|our|the best)\b.{0,60}\b(?:inbox|email|newsletter)\b.{0,20}$/i,
  /^(?:have a (?:news )?tip\?|got a tip\?).{0,160}$/i,
  // Controls of a photo viewer or share bar that lost their markup.
  /^(?:caption|close|hide caption|toggle caption|expand|enlarge(?: this image)?|print|email|share(?: this)?)$/i,
  /^citation:.{0,300}\bretrieved\b/i,
  /\bthis (?:document|article|material|content) is subject to copyright\b/i,
];

/** "Natalie Naccache | Bloomberg | Getty Images": a photo credit set as a line of its own. */
const PIPED_CREDIT = /^[^|]{2,50}(?:\s\|\s[^|]{2,50}){1,3}$/;
const PIPED_AGENCY =
  /\|\s*(?:getty(?: images)?|reuters|afp|ap|epa|bloomberg|shutterstock|alamy|pa|anadolu|xinhua|sipa|zuma)\b/i;

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
  if (words <= 40 && STANDALONE.some((pattern) => pattern.test(text)))
    return { kind: 'remove', rule: 'standalone' };
  if (words <= 40 && isAllCapsHeadline(text)) return { kind: 'remove', rule: 'all-caps-headline' };
  if (words <= 40 && COPYRIGHT.test(text)) return { kind: 'remove', rule: 'copyright' };
  if (words <= 60 && CONTRIBUTORS.test(text)) return { kind: 'credit' };
  if (isCaption(text, index === 0)) return { kind: 'remove', rule: 'caption' };
  if (words <= 15 && PIPED_CREDIT.test(text) && PIPED_AGENCY.test(text))
    return { kind: 'remove', rule: 'caption' };
  if (words <= 20 && DATELINE_ONLY.test(text)) return { kind: 'remove', rule: 'dateline' };
  // A bio of the writer is about who made the article, like a contributors line: shown, never a claim.
  if (index >= last - 1 && words <= 60 && AUTHOR_BIO.test(text)) return { kind: 'credit' };
  return { kind: 'keep' };
}

/** Where a sentence may start inside a block: after a sentence mark (and closing quotes) and spaces. */
const SENTENCE_START = /(?<=[.!?…]["”’»)]*)\s+(?=["“„«‘'(]*[\p{Lu}\p{N}])/gu;

/** Tokens of a capitals run: no lower-case letter (words, "US-BACKED", "‘BIPARTISAN", "2024", ":"). */
const CAPS_TOKEN = /^[^\p{Ll}]+$/u;
const HAS_UPPER = /\p{Lu}/u;
const DASH_TOKEN = /^(?:[-\u2013\u2014]+|--)$/;

/**
 * A headline or promo in capitals at the start of a sentence inside a block (a related-story
 * link, "CLICK HERE TO GET … APP"), when the paragraph breaks around it were lost: the run of
 * capitals words is cut when a sentence in ordinary case follows it. A dateline ("RIO DE JANEIRO
 * (AP) —") is no headline: runs holding a parenthesis or ending in a dash stay.
 */
function capitalsRunEnd(text: string): number {
  const tokens = [...text.matchAll(/\S+/g)];
  let words = 0;
  let k = 0;
  for (; k < tokens.length; k++) {
    const token = tokens[k]![0];
    if (!CAPS_TOKEN.test(token)) break;
    if (token.includes('(')) return 0;
    if (HAS_UPPER.test(token)) words++;
  }
  // "… THE APP I think" or "… APP A man": a one-letter capital word starts the sentence after.
  if (k < tokens.length && k > 0 && /^["“‘]?[AI]$/.test(tokens[k - 1]![0])) {
    k--;
    words--;
  }
  if (words < 3 || k >= tokens.length || k === 0) return 0;
  const last = tokens[k - 1]![0];
  if (DASH_TOKEN.test(last)) return 0;
  const next = tokens[k]![0];
  if (!/^["“„«‘'(]*\p{Lu}/u.test(next)) return 0;
  const run = text.slice(0, tokens[k - 1]!.index + last.length);
  const share = upperShare(run);
  if (share === null || share < 0.85) return 0;
  return tokens[k]!.index;
}

/** Sentence-sized pieces of a block, as [start, end) offsets. */
function sentencePieces(text: string): [number, number][] {
  const pieces: [number, number][] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_START)) {
    pieces.push([start, match.index]);
    start = match.index + match[0].length;
  }
  pieces.push([start, text.length]);
  return pieces;
}

/**
 * The furniture rules applied to the sentences of one multi-sentence block: paragraph breaks
 * must never matter (pages that separate paragraphs with <br>, text pasted as one block). Only
 * rules a sentence can meet alone apply: capitals headlines and promos, calls to action,
 * copyright lines, and a contributors line at the end.
 */
function cleanInsideBlock(text: string, result: CleanedParagraphs): string {
  const pieces = sentencePieces(text);
  if (pieces.length < 2) return text;
  const kept: string[] = [];
  pieces.forEach(([start, end], index) => {
    let sentence = text.slice(start, end);
    const cut = capitalsRunEnd(sentence);
    if (cut > 0) {
      result.removed.push({ text: sentence.slice(0, cut).trim(), rule: 'all-caps-headline' });
      sentence = sentence.slice(cut);
    }
    const words = wordCount(sentence);
    if (words <= 30 && PROMO.test(sentence)) result.removed.push({ text: sentence, rule: 'promo' });
    else if (words <= 40 && STANDALONE.some((pattern) => pattern.test(sentence)))
      result.removed.push({ text: sentence, rule: 'standalone' });
    else if (words <= 40 && COPYRIGHT.test(sentence) && index > 0)
      result.removed.push({ text: sentence, rule: 'copyright' });
    else if (index === pieces.length - 1 && words <= 60 && CONTRIBUTORS.test(sentence))
      result.credits.push(sentence);
    else kept.push(sentence);
  });
  return kept.join(' ');
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
    if (verdict.kind === 'keep') {
      const inside = cleanInsideBlock(text, result);
      if (inside) result.paragraphs.push(inside);
    } else if (verdict.kind === 'credit') result.credits.push(text);
    else result.removed.push({ text, rule: verdict.rule });
  });
  return result;
}
