/**
 * Sibling quotes and conflicts against our own judgments (tests/fixtures/judgments/siblings.jsonl)
 * on the dev BASIL clusters and the seed pair: precision and recall of `different-quote` (the same
 * utterance rendered differently), `different-excerpts` (one person quoted with other words, one
 * item per speaker) and `conflict`, plus every quote credited to someone the judgments say did not
 * say it. Figures are printed for all pairs and for the two halves of the clusters, so a
 * threshold fitted on one half is seen on the other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareSiblings } from '../../src/compare/index';
import type { Difference } from '../../src/model/types';
import { foldText } from '../../src/text/normalize';
import { judgedPairs, type JudgedPair } from './judged-pairs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JUDGMENTS = path.join(repoRoot, 'tests', 'fixtures', 'judgments', 'siblings.jsonl');

const TARGETS = { misquotePrecision: 0.9, conflictPrecision: 0.9, sameUtteranceRecall: 0.8 };

type Judgment =
  | { type: 'quote'; pair: string; a: string; b: string; label: string; speaker: string; why: string }
  | { type: 'speaker'; article: string; quote: string; speaker: string; why: string }
  | { type: 'excerpts'; pair: string; speaker: string; label: string; why: string }
  | { type: 'conflict'; pair: string; a: string; b: string; label: string; why: string };

/** Compared on letters and digits only: typography and punctuation are not what is judged. */
const key = (text: string | null | undefined) =>
  foldText(text ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const within = (span: string, text: string | null | undefined) => key(text).includes(key(span));

function loadJudgments(): Judgment[] {
  return readFileSync(JUDGMENTS, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Judgment);
}

/** The speaker a quote item names: its own field, else the "Both quote X" of its reason. */
function itemSpeaker(d: Difference): string {
  const named =
    d.quotes?.speaker ?? /Both quote ([^,;.]+?)(?: on \w+day)?[,;.]/.exec(d.reason ?? '')?.[1] ?? '';
  const words = key(named).split(' ');
  return words[words.length - 1] ?? '';
}

/** Every quotation an item holds, with the side it is on. */
function itemQuotes(d: Difference): { side: 0 | 1; text: string }[] {
  if (d.quotes)
    return [
      ...d.quotes.before.map((text) => ({ side: 0 as const, text })),
      ...d.quotes.after.map((text) => ({ side: 1 as const, text })),
    ];
  return d.facets
    .filter((f) => f.type === 'quote')
    .flatMap((f) => [
      { side: 0 as const, text: f.before ?? '' },
      { side: 1 as const, text: f.after ?? '' },
    ]);
}

interface Tally {
  misquotes: number;
  misquotesRight: number;
  sameUtterances: number;
  sameUtterancesFound: number;
  excerpts: number;
  excerptsRight: number;
  samePersons: number;
  samePersonsFound: number;
  excerptsOverOne: number;
  conflicts: number;
  conflictsRight: number;
  realConflicts: number;
  realConflictsFound: number;
  wrongSpeaker: number;
}

const emptyTally = (): Tally => ({
  misquotes: 0,
  misquotesRight: 0,
  sameUtterances: 0,
  sameUtterancesFound: 0,
  excerpts: 0,
  excerptsRight: 0,
  samePersons: 0,
  samePersonsFound: 0,
  excerptsOverOne: 0,
  conflicts: 0,
  conflictsRight: 0,
  realConflicts: 0,
  realConflictsFound: 0,
  wrongSpeaker: 0,
});

function score(
  pair: JudgedPair,
  differences: Difference[],
  judgments: Judgment[],
  t: Tally,
  log: string[],
): void {
  const [leftId, rightId] = pair.key.split('|') as [string, string];
  const mine = judgments.filter((j) => 'pair' in j && j.pair === pair.key);
  const quoteJudgments = mine.filter((j): j is Extract<Judgment, { type: 'quote' }> => j.type === 'quote');
  const misquotes = differences.filter((d) => d.kind === 'different-quote');
  const matches = (d: Difference, j: { a: string; b: string }) =>
    d.facets.some((f) => f.type === 'quote' && within(j.a, f.before) && within(j.b, f.after));
  for (const d of misquotes) {
    t.misquotes++;
    const judged = quoteJudgments.find((j) => matches(d, j));
    // "same-wording": one text but for typography or a spelled-out title; showing it is noise.
    if (judged?.label === 'same-utterance') t.misquotesRight++;
    else {
      const f = d.facets.find((x) => x.type === 'quote');
      log.push(
        `  ✗ different-quote ${judged ? `judged ${judged.label}` : 'unjudged'}: ${pair.key}\n      ${f?.before?.slice(0, 90)} ‖ ${f?.after?.slice(0, 90)}`,
      );
    }
  }
  for (const j of quoteJudgments) {
    if (j.label !== 'same-utterance') continue;
    t.sameUtterances++;
    if (misquotes.some((d) => matches(d, j))) t.sameUtterancesFound++;
    else log.push(`  · same utterance missed: ${pair.key}\n      ${j.a} ‖ ${j.b}`);
  }

  const excerpts = differences.filter((d) => (d.kind as string) === 'different-excerpts');
  const perSpeaker = new Map<string, number>();
  for (const d of excerpts) {
    t.excerpts++;
    const speaker = itemSpeaker(d);
    perSpeaker.set(speaker, (perSpeaker.get(speaker) ?? 0) + 1);
    const judged = mine.find((j) => j.type === 'excerpts' && j.speaker === speaker);
    if (judged && judged.type === 'excerpts' && judged.label === 'same-person') t.excerptsRight++;
    else
      log.push(
        `  ✗ different-excerpts ${judged ? `judged ${(judged as { label: string }).label}` : 'unjudged'}: ${pair.key} (${speaker})`,
      );
  }
  for (const count of perSpeaker.values()) if (count > 1) t.excerptsOverOne += count - 1;
  for (const j of mine) {
    if (j.type !== 'excerpts' || j.label !== 'same-person') continue;
    t.samePersons++;
    if (excerpts.some((d) => itemSpeaker(d) === j.speaker)) t.samePersonsFound++;
    else log.push(`  · excerpts missed: ${pair.key} (${j.speaker})`);
  }

  // A quote item naming someone the judgments say did not speak those words.
  const speakerJudgments = judgments.filter(
    (j): j is Extract<Judgment, { type: 'speaker' }> => j.type === 'speaker',
  );
  for (const d of [...misquotes, ...excerpts]) {
    const speaker = itemSpeaker(d);
    // An item that names nobody credits nobody wrongly.
    if (!speaker || !/Both quote (?!the same words)/.test(d.reason ?? '')) continue;
    for (const q of itemQuotes(d)) {
      const article = q.side === 0 ? leftId : rightId;
      const judged = speakerJudgments.find((j) => j.article === article && within(j.quote, q.text));
      const pairJudged = quoteJudgments.find((j) => j.speaker && within(q.side === 0 ? j.a : j.b, q.text));
      const truth = judged?.speaker ?? pairJudged?.speaker;
      if (truth !== undefined && truth !== speaker) {
        t.wrongSpeaker++;
        log.push(
          `  ✗ wrong speaker ${speaker} (judged ${truth || 'nobody named'}): ${article}\n      ${q.text.slice(0, 90)}`,
        );
      }
    }
  }

  const conflictJudgments = mine.filter(
    (j): j is Extract<Judgment, { type: 'conflict' }> => j.type === 'conflict',
  );
  const conflicts = differences.filter((d) => d.kind === 'conflict');
  const conflictMatches = (d: Difference, j: { a: string; b: string }) =>
    within(j.a, d.before) && within(j.b, d.after);
  for (const d of conflicts) {
    t.conflicts++;
    const judged = conflictJudgments.find((j) => conflictMatches(d, j));
    if (judged?.label === 'real') t.conflictsRight++;
    else log.push(`  ✗ conflict ${judged ? 'judged not' : 'unjudged'}: ${pair.key}\n      ${d.reason ?? ''}`);
  }
  for (const j of conflictJudgments) {
    if (j.label !== 'real') continue;
    t.realConflicts++;
    if (conflicts.some((d) => conflictMatches(d, j))) t.realConflictsFound++;
    else log.push(`  · conflict missed: ${pair.key}\n      ${j.a} ‖ ${j.b}`);
  }
}

const ratio = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(2));

function rows(name: string, t: Tally) {
  return {
    pairs: name,
    'different-quote P': `${ratio(t.misquotesRight, t.misquotes)} (${t.misquotesRight}/${t.misquotes})`,
    'same-utterance R': `${ratio(t.sameUtterancesFound, t.sameUtterances)} (${t.sameUtterancesFound}/${t.sameUtterances})`,
    'different-excerpts P': `${ratio(t.excerptsRight, t.excerpts)} (${t.excerptsRight}/${t.excerpts})`,
    'excerpts R': `${ratio(t.samePersonsFound, t.samePersons)} (${t.samePersonsFound}/${t.samePersons})`,
    'extra per speaker': t.excerptsOverOne,
    'conflict P': `${ratio(t.conflictsRight, t.conflicts)} (${t.conflictsRight}/${t.conflicts})`,
    'conflict R': `${ratio(t.realConflictsFound, t.realConflicts)} (${t.realConflictsFound}/${t.realConflicts})`,
    'wrong speaker': t.wrongSpeaker,
  };
}

export default async function quotes(): Promise<boolean> {
  await Promise.resolve();
  const pairs = judgedPairs();
  if (!pairs) {
    console.log('quotes: ../shared/datasets/siblings-dev.jsonl not found, skipped');
    return true;
  }
  const judgments = loadJudgments();
  const clusters = [...new Set(pairs.map((p) => p.cluster))].sort();
  // Halves by cluster (the seed pair in the first), so no event is in both.
  const half = (cluster: string) => (cluster === 'seed' ? 0 : clusters.indexOf(cluster) % 2);
  const all = emptyTally();
  const halves = [emptyTally(), emptyTally()];
  const log: string[] = [];
  for (const pair of pairs) {
    const differences = compareSiblings(pair.left, pair.right);
    score(pair, differences, judgments, all, log);
    score(pair, differences, judgments, halves[half(pair.cluster)]!, []);
  }
  console.log(
    `\nquotes: judged sibling quotes and conflicts (${pairs.length} pairs, ${judgments.length} judgments)`,
  );
  console.table([rows('all', all), rows('half A', halves[0]!), rows('half B', halves[1]!)]);
  if (process.argv.includes('--verbose')) for (const line of log) console.log(line);
  const misquoteP = all.misquotes === 0 ? 1 : all.misquotesRight / all.misquotes;
  const conflictP = all.conflicts === 0 ? 1 : all.conflictsRight / all.conflicts;
  const recall = all.sameUtterances === 0 ? 1 : all.sameUtterancesFound / all.sameUtterances;
  const met =
    misquoteP >= TARGETS.misquotePrecision &&
    conflictP >= TARGETS.conflictPrecision &&
    recall >= TARGETS.sameUtteranceRecall &&
    all.wrongSpeaker === 0 &&
    all.excerptsOverOne === 0;
  console.log(
    `quotes: ${met ? 'targets met' : 'targets NOT met'} (different-quote and conflict precision ≥ ${TARGETS.misquotePrecision}, same-utterance recall ≥ ${TARGETS.sameUtteranceRecall}, no wrong speaker, one excerpts item per speaker)`,
  );
  return met;
}
