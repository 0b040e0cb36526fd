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
import {
  compareSiblingViews,
  SIBLING_THRESHOLDS,
  type SiblingThresholds,
} from '../../src/compare/siblings/index';
import { viewsOf } from '../../src/compare/siblings/views';
import type { AnalysedArticle, Difference } from '../../src/model/types';
import { foldText } from '../../src/text/normalize';
import { judgedPairs, type JudgedPair } from './judged-pairs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JUDGMENTS = path.join(repoRoot, 'tests', 'fixtures', 'judgments', 'siblings.jsonl');

const TARGETS = { misquotePrecision: 0.9, conflictPrecision: 0.9, sameUtteranceRecall: 0.8 };

type Judgment =
  | { type: 'quote'; pair: string; a: string; b: string; label: string; speaker: string; why: string }
  | { type: 'speaker'; article: string; quote: string; speaker: string; why: string }
  | { type: 'excerpts'; pair: string; speaker: string; label: string; why: string }
  | {
      type: 'conflict';
      pair: string;
      a: string;
      b: string;
      label: string;
      /** What the two disagree on (see CONFLICT_KINDS); judged, not read off the engine. */
      kind?: ConflictKind;
      why: string;
    };

/** The kinds of conflict scored apart; `other` is a quote given to two people or a stated position. */
const CONFLICT_KINDS = ['figures', 'dates', 'places', 'roles', 'actors', 'other'] as const;
type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** The kind of a conflict the engine proposes, from its facets and its reason. */
export function conflictKindOf(d: Difference): ConflictKind {
  if (d.facets.some((f) => f.type === 'number')) return 'figures';
  if (d.facets.some((f) => f.type === 'date')) return 'dates';
  if (/^Different places\b/.test(d.reason ?? '')) return 'places';
  if (/^Different offices\b/.test(d.reason ?? '')) return 'roles';
  if (/^Different actors\b/.test(d.reason ?? '')) return 'actors';
  return 'other';
}

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

/** A name compared as the eval compares speakers: its last word, letters and digits only. */
function lastWord(name: string): string {
  const words = key(name).split(' ');
  return words[words.length - 1] ?? '';
}

/**
 * Each judged speaker against the one the engine resolves in the article itself, pairing aside:
 * right, wrong (another person named), or unresolved (no one: honest, but nothing pairs).
 */
function speakerResolution(pairs: readonly JudgedPair[], judgments: readonly Judgment[]) {
  const articles = new Map<string, AnalysedArticle>();
  for (const p of pairs) {
    const [l, r] = p.key.split('|') as [string, string];
    articles.set(l, p.left);
    articles.set(r, p.right);
  }
  const tally = { right: 0, wrong: 0, unresolved: 0 };
  const log: string[] = [];
  for (const j of judgments) {
    if (j.type !== 'speaker' || !j.speaker) continue;
    const article = articles.get(j.article);
    if (!article) continue;
    const views = viewsOf(article.claims);
    let person: string | null | undefined;
    for (const v of views)
      v.claim.quotes.forEach((q, x) => {
        if (person === undefined && within(j.quote, q.text)) person = v.persons[x] ?? null;
      });
    if (person === undefined) continue;
    if (person === null) tally.unresolved++;
    else if (lastWord(person) === lastWord(j.speaker)) tally.right++;
    else {
      tally.wrong++;
      log.push(`  ✗ speaker ${person} (judged ${j.speaker}): ${j.article}\n      ${j.quote}`);
    }
  }
  return { tally, log };
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
  /** Per kind: proposed, proposed and judged real, judged real, judged real and found. */
  byKind: Record<ConflictKind, [number, number, number, number]>;
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
  byKind: Object.fromEntries(CONFLICT_KINDS.map((k) => [k, [0, 0, 0, 0]])) as Tally['byKind'],
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
  scoreConflicts(pair, differences, mine, t, log);
  // ECB+ pairs are judged for conflicts only: their quote items are neither right nor wrong.
  if (!pair.quotesJudged) return;
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
      if (truth !== undefined && lastWord(truth) !== speaker) {
        t.wrongSpeaker++;
        log.push(
          `  ✗ wrong speaker ${speaker} (judged ${truth || 'nobody named'}): ${article}\n      ${q.text.slice(0, 90)}`,
        );
      }
    }
  }
}

function scoreConflicts(
  pair: JudgedPair,
  differences: Difference[],
  mine: Judgment[],
  t: Tally,
  log: string[],
): void {
  const conflictJudgments = mine.filter(
    (j): j is Extract<Judgment, { type: 'conflict' }> => j.type === 'conflict',
  );
  const conflicts = differences.filter((d) => d.kind === 'conflict');
  const conflictMatches = (d: Difference, j: { a: string; b: string }) =>
    within(j.a, d.before) && within(j.b, d.after);
  for (const d of conflicts) {
    t.conflicts++;
    const kind = conflictKindOf(d);
    t.byKind[kind][0]++;
    const judged = conflictJudgments.find((j) => conflictMatches(d, j));
    if (judged?.label === 'real') {
      t.conflictsRight++;
      t.byKind[kind][1]++;
    } else
      log.push(
        `  ✗ ${kind} conflict ${judged ? 'judged not' : 'unjudged'}: ${pair.key}\n      ${d.reason ?? ''}\n      ${d.before?.slice(0, 160)}\n      ${d.after?.slice(0, 160)}`,
      );
  }
  for (const j of conflictJudgments) {
    if (j.label !== 'real') continue;
    const kind = j.kind ?? 'other';
    t.realConflicts++;
    t.byKind[kind][2]++;
    if (conflicts.some((d) => conflictMatches(d, j))) {
      t.realConflictsFound++;
      t.byKind[kind][3]++;
    } else log.push(`  · ${kind} conflict missed: ${pair.key}\n      ${j.a} ‖ ${j.b}`);
  }
}

/**
 * The cross-validation half of a pair: BASIL clusters alternate in id order (the seed pair in
 * the first half), ECB+ topics alternate in topic order, so no event, and no ECB+ topic, is in both.
 */
function halfOf(pair: JudgedPair, pairs: readonly JudgedPair[]): 0 | 1 {
  if (pair.fold === 'seed') return 0;
  const ecb = pair.fold.startsWith('ecbplus-');
  const folds = [...new Set(pairs.filter((p) => p.fold.startsWith('ecbplus-') === ecb).map((p) => p.fold))]
    .filter((f) => f !== 'seed')
    .sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  return (folds.indexOf(pair.fold) % 2) as 0 | 1;
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

/** The values tried for each threshold the fit sets (the shipped value among them). */
const GRID: { [K in keyof SiblingThresholds]?: number[] } = {
  sharedRun: [5, 6, 7, 8],
  sharedRunSameSpeaker: [3, 4, 5],
  sameWording: [0.5, 0.6, 0.7],
  paraphrase: [0.4, 0.5, 0.6],
  sameWords: [0.7, 0.8, 0.9],
};
const ACT_GRID = [0.4, 0.5, 0.6, 0.7, 0.8];

function combinations(grid: typeof GRID): SiblingThresholds[] {
  let out: SiblingThresholds[] = [{ ...SIBLING_THRESHOLDS }];
  for (const [name, values] of Object.entries(grid) as [keyof SiblingThresholds, number[]][])
    out = out.flatMap((t) => values.map((v) => ({ ...t, [name]: v })));
  return out;
}

/** How far a setting is from the shipped one: ties go to the nearest. */
const distance = (t: SiblingThresholds) =>
  (Object.keys(t) as (keyof SiblingThresholds)[]).reduce(
    (sum, k) => sum + Math.abs(t[k] - SIBLING_THRESHOLDS[k]) / SIBLING_THRESHOLDS[k],
    0,
  );

interface Scored {
  t: SiblingThresholds;
  tally: Tally;
}

/**
 * The best setting on the training pairs: the most recall that keeps precision at the target and
 * breaks no hard target (a wrong speaker, two excerpts items for one speaker), then the higher
 * precision, then the setting nearest the shipped one.
 */
function best(scored: Scored[], kind: 'quotes' | 'conflicts'): Scored & { tied: number; of: number } {
  const p = (t: Tally) =>
    kind === 'quotes'
      ? t.misquotes === 0
        ? 1
        : t.misquotesRight / t.misquotes
      : t.conflicts === 0
        ? 1
        : t.conflictsRight / t.conflicts;
  const r = (t: Tally) =>
    kind === 'quotes'
      ? t.sameUtterancesFound / Math.max(1, t.sameUtterances)
      : t.realConflictsFound / Math.max(1, t.realConflicts);
  const ok = scored.filter(
    (s) =>
      p(s.tally) >= TARGETS.misquotePrecision && s.tally.wrongSpeaker === 0 && s.tally.excerptsOverOne === 0,
  );
  const sorted = [...(ok.length > 0 ? ok : scored)].sort(
    (a, b) => r(b.tally) - r(a.tally) || p(b.tally) - p(a.tally) || distance(a.t) - distance(b.t),
  );
  const top = sorted[0]!;
  const tied = sorted.filter((s) => r(s.tally) === r(top.tally) && p(s.tally) === p(top.tally)).length;
  return { ...top, tied, of: scored.length };
}

/**
 * Cross-validation of the thresholds: fitted on half A and scored on half B, then the other way
 * round. Quote thresholds on the pairs whose quotes are judged, the same-act threshold on every pair.
 */
function crossValidate(pairs: readonly JudgedPair[], judgments: Judgment[]): void {
  const views = new Map(pairs.map((p) => [p, [viewsOf(p.left.claims), viewsOf(p.right.claims)] as const]));
  const run = (subset: readonly JudgedPair[], t: SiblingThresholds) => {
    const tally = emptyTally();
    for (const pair of subset) {
      const [l, r] = views.get(pair)!;
      score(pair, compareSiblingViews(pair.left, pair.right, l, r, t), judgments, tally, []);
    }
    return tally;
  };
  const halves = [0, 1].map((h) => pairs.filter((p) => halfOf(p, pairs) === h));
  const describe = (t: SiblingThresholds, keys: (keyof SiblingThresholds)[]) =>
    keys.map((k) => `${k} ${t[k]}`).join(', ');
  const quoteKeys = Object.keys(GRID) as (keyof SiblingThresholds)[];
  const rowsOut: Record<string, string>[] = [];
  for (const [train, test, name] of [
    [0, 1, 'fit on A, scored on B'],
    [1, 0, 'fit on B, scored on A'],
  ] as const) {
    const quotesOnly = (h: number) => halves[h]!.filter((p) => p.quotesJudged);
    const q = best(
      combinations(GRID).map((t) => ({ t, tally: run(quotesOnly(train), t) })),
      'quotes',
    );
    const c = best(
      ACT_GRID.map((sameAct) => {
        const t = { ...q.t, sameAct };
        return { t, tally: run(halves[train]!, t) };
      }),
      'conflicts',
    );
    const onTest = run(halves[test]!, c.t);
    const r = rows(name, onTest);
    const trained = rows('train', q.tally);
    const trainedActs = rows('train', c.tally);
    rowsOut.push({
      half: name,
      fitted: `${describe(q.t, quoteKeys)}; sameAct ${c.t.sameAct}`,
      'on training half': `quote P ${trained['different-quote P']}, R ${trained['same-utterance R']} (best of ${q.of}, ${q.tied} tied); conflict P ${trainedActs['conflict P']} (${c.tied} of ${c.of} tied)`,
      'different-quote P': r['different-quote P'],
      'same-utterance R': r['same-utterance R'],
      'extra per speaker': String(r['extra per speaker']),
      'conflict P': r['conflict P'],
      'conflict R': r['conflict R'],
      'wrong speaker': String(r['wrong speaker']),
    });
  }
  console.log('quotes: thresholds cross-validated (fitted on one half of the clusters, scored on the other)');
  console.table(rowsOut);
  console.log(`quotes: shipped thresholds: ${describe(SIBLING_THRESHOLDS, [...quoteKeys, 'sameAct'])}`);
}

export default async function quotes(): Promise<boolean> {
  await Promise.resolve();
  const pairs = judgedPairs();
  if (!pairs) {
    console.log('quotes: ../shared/datasets/siblings-dev.jsonl not found, skipped');
    return true;
  }
  const judgments = loadJudgments();
  const all = emptyTally();
  const halves = [emptyTally(), emptyTally()];
  const log: string[] = [];
  const proposals: string[] = [];
  for (const pair of pairs) {
    const differences = compareSiblings(pair.left, pair.right);
    score(pair, differences, judgments, all, log);
    score(pair, differences, judgments, halves[halfOf(pair, pairs)]!, []);
    for (const d of differences.filter((x) => x.kind === 'conflict'))
      proposals.push(
        JSON.stringify({
          pair: pair.key,
          kind: conflictKindOf(d),
          reason: d.reason,
          a: d.before,
          b: d.after,
        }),
      );
  }
  console.log(
    `\nquotes: judged sibling quotes and conflicts (${pairs.length} pairs, ${pairs.filter((p) => p.quotesJudged).length} with quotes judged, ${judgments.length} judgments)`,
  );
  console.table([rows('all', all), rows('half A', halves[0]!), rows('half B', halves[1]!)]);
  console.log('quotes: conflicts per kind, precision (right/proposed) and recall (found/judged real)');
  console.table(
    CONFLICT_KINDS.map((kind) => ({
      kind,
      ...Object.fromEntries(
        (
          [
            ['all', all],
            ['half A', halves[0]!],
            ['half B', halves[1]!],
          ] as const
        ).flatMap(([name, t]) => {
          const [proposed, right, real, found] = t.byKind[kind];
          return [
            [`${name} P`, `${ratio(right, proposed)} (${right}/${proposed})`],
            [`${name} R`, `${ratio(found, real)} (${found}/${real})`],
          ];
        }),
      ),
    })),
  );
  const speakers = speakerResolution(pairs, judgments);
  console.log(
    `quotes: judged speakers resolved in their article: ${speakers.tally.right} right, ${speakers.tally.wrong} wrong, ${speakers.tally.unresolved} unresolved`,
  );
  if (process.argv.includes('--verbose')) for (const line of [...log, ...speakers.log]) console.log(line);
  if (process.argv.includes('--fit')) crossValidate(pairs, judgments);
  // Every conflict the engine proposes, one JSON line each: what a judge reads.
  if (process.argv.includes('--proposals')) for (const line of proposals) console.log(line);
  const misquoteP = all.misquotes === 0 ? 1 : all.misquotesRight / all.misquotes;
  const conflictP = all.conflicts === 0 ? 1 : all.conflictsRight / all.conflicts;
  const recall = all.sameUtterances === 0 ? 1 : all.sameUtterancesFound / all.sameUtterances;
  const met =
    misquoteP >= TARGETS.misquotePrecision &&
    conflictP >= TARGETS.conflictPrecision &&
    recall >= TARGETS.sameUtteranceRecall &&
    all.wrongSpeaker === 0 &&
    speakers.tally.wrong === 0 &&
    all.excerptsOverOne === 0;
  console.log(
    `quotes: ${met ? 'targets met' : 'targets NOT met'} (different-quote and conflict precision ≥ ${TARGETS.misquotePrecision}, same-utterance recall ≥ ${TARGETS.sameUtteranceRecall}, no wrong speaker, one excerpts item per speaker)`,
  );
  return met;
}
