import type { DateFacet } from '../model/types';

/**
 * Dates and times as published. Only a date with a year is absolute, so only those get an ISO
 * form; "Monday" or "last week" depend on when the article was written.
 */
const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  // fr, de, es, it, pt, nl month names for "25 septembre 2024"-like dates.
  janvier: 1,
  février: 2,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  decembre: 12,
  januar: 1,
  februar: 2,
  märz: 3,
  juni: 6,
  juli: 7,
  oktober: 10,
  dezember: 12,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  gennaio: 1,
  febbraio: 2,
  aprile: 4,
  maggio: 5,
  giugno: 6,
  luglio: 7,
  settembre: 9,
  ottobre: 10,
  dicembre: 12,
  janeiro: 1,
  fevereiro: 2,
  março: 3,
  maio: 5,
  junho: 6,
  julho: 7,
  setembro: 9,
  outubro: 10,
  dezembro: 12,
  januari: 1,
  februari: 2,
  maart: 3,
  mei: 5,
  augustus: 8,
};

const EN_MONTH =
  'Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|March|Mar\\.|April|Apr\\.|May|June|Jun\\.|July|Jul\\.|Aug(?:ust|\\.)?|Sept(?:ember|\\.)?|Sep\\.|Oct(?:ober|\\.)?|Nov(?:ember|\\.)?|Dec(?:ember|\\.)?';
const WEEKDAY = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day';
const NUMBER_WORD = '(?:two|three|four|five|six|seven|eight|nine|ten|\\d+|several|few)';
const PERIOD = '(?:days?|weeks?|months?|years?|hours?|decades?)';

const PATTERNS: RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
  /\b\d{4}年\d{1,2}月\d{1,2}日/gu,
  /\b\d{1,2}[./]\d{1,2}[./]\d{4}\b/g,
  new RegExp(`\\b(?:${EN_MONTH})\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,\\s*\\d{4})?(?![\\d])`, 'g'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${EN_MONTH})(?:,?\\s+\\d{4})?\\b`, 'g'),
  /\b\d{1,2}\.?\s+(\p{L}+)\s+\d{4}\b/gu,
  new RegExp(`\\b(?:${EN_MONTH.replace('|May|', '|')})(?:\\s+\\d{4})?(?![\\w])`, 'g'),
  new RegExp(
    `\\b(?:(?:[Oo]n|[Ee]arly|[Ll]ate|[Ll]ast|[Nn]ext|[Tt]his|[Bb]y|[Uu]ntil|[Ss]ince)\\s+)?${WEEKDAY}(?:\\s+(?:morning|afternoon|evening|night))?\\b`,
    'g',
  ),
  new RegExp(
    `\\b(?:in|over|during|for)?\\s*(?:the\\s+)?(?:past|last|next|coming|recent)\\s+(?:${NUMBER_WORD}\\s+)?${PERIOD}\\b`,
    'gi',
  ),
  new RegExp(`\\bin\\s+recent\\s+${PERIOD}\\b`, 'gi'),
  /\b(?:earlier|later)\s+(?:this|last|next)\s+(?:week|month|year)\b/gi,
  /\b(?:yesterday|today|tonight|tomorrow)\b/gi,
  /\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)(?![\w])/gi,
  /\b(?:in|since|by|until)\s+(?:19|20)\d{2}\b/g,
];

function isoOf(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const cjk = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (cjk) return `${cjk[1]}-${cjk[2]!.padStart(2, '0')}-${cjk[3]!.padStart(2, '0')}`;
  const numeric = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  if (numeric && text.includes('.'))
    return `${numeric[3]}-${numeric[2]!.padStart(2, '0')}-${numeric[1]!.padStart(2, '0')}`;
  const year = /\b(\d{4})$/.exec(text)?.[1];
  if (!year) return null;
  const words = text.toLowerCase().replace(/[.,]/g, ' ').split(/\s+/);
  const month = words.map((w) => MONTHS[w]).find((m) => m !== undefined);
  const day = words.find((w) => /^\d{1,2}(?:st|nd|rd|th)?$/.test(w));
  if (month === undefined) return /^(?:in|since|by|until)\s/i.test(text) ? year : null;
  const mm = String(month).padStart(2, '0');
  return day ? `${year}-${mm}-${day.replace(/\D/g, '').padStart(2, '0')}` : `${year}-${mm}`;
}

export function datesIn(text: string): DateFacet[] {
  const found: { start: number; end: number; text: string }[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const monthWord = match[1];
      if (monthWord !== undefined && MONTHS[monthWord.toLowerCase()] === undefined) continue;
      const raw = match[0];
      const lead = raw.length - raw.trimStart().length;
      const start = match.index + lead;
      const end = match.index + raw.length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ start, end, text: raw.trim() });
    }
  }
  return found
    .sort((a, b) => a.start - b.start)
    .map((f) => {
      return { text: f.text, iso: isoOf(f.text) };
    });
}
