import { candidatePairs, containment, dice, tokenSet, union } from './tokens';

/** One row of an alignment: old sentence indices ↔ new sentence indices (either side may be empty). */
export interface AlignedGroup {
  before: number[];
  after: number[];
  /** True when the group's sentences are out of order relative to the rest of the text. */
  moved: boolean;
}

/** Below this Dice similarity two sentences are not one sentence edited. */
const PAIR_THRESHOLD = 0.5;
/** A fragment joins a neighbour's group (split/merge) when this share of its words is in the other side. */
const FRAGMENT_CONTAINMENT = 0.6;

/**
 * NewsEdits-style sentence alignment of two versions: identical sentences first, then the most
 * similar remaining pairs (candidates from an inverted index, so never quadratic), then
 * split/merge fragments attached to an adjacent group when they make the group more similar.
 * Moves are the groups outside the longest increasing run of new positions, so a sentence that
 * only changed paragraph (same order as its neighbours) is not moved.
 */
export function alignSentences(before: readonly string[], after: readonly string[]): AlignedGroup[] {
  const beforeTokens = before.map(tokenSet);
  const afterTokens = after.map(tokenSet);
  const partnerOfBefore = new Array<number>(before.length).fill(-1);
  const partnerOfAfter = new Array<number>(after.length).fill(-1);

  // 1. Identical sentences. Sentences unique on both sides anchor first; a repeated sentence
  // then takes the first copy after its predecessor's partner, so an inserted duplicate does not
  // shift every later copy and fake a move.
  const afterByText = new Map<string, number[]>();
  after.forEach((text, j) => {
    const list = afterByText.get(text);
    if (list) list.push(j);
    else afterByText.set(text, [j]);
  });
  const beforeCount = new Map<string, number>();
  for (const text of before) beforeCount.set(text, (beforeCount.get(text) ?? 0) + 1);
  before.forEach((text, i) => {
    const list = afterByText.get(text);
    if (list?.length !== 1 || beforeCount.get(text) !== 1) return;
    partnerOfBefore[i] = list[0]!;
    partnerOfAfter[list[0]!] = i;
    list.length = 0;
  });
  let lastPartner = -1;
  before.forEach((text, i) => {
    if (partnerOfBefore[i] !== -1) {
      lastPartner = partnerOfBefore[i]!;
      return;
    }
    const list = afterByText.get(text);
    if (!list || list.length === 0) return;
    // Lists are ascending; copies are consumed from the front, so this scan stays short.
    let pick = list.findIndex((j) => j > lastPartner);
    if (pick < 0) pick = list.length - 1;
    const j = list.splice(pick, 1)[0]!;
    partnerOfBefore[i] = j;
    partnerOfAfter[j] = i;
    lastPartner = j;
  });

  // 2. Greedy one-to-one by similarity among index candidates.
  const openBefore = indicesWhere(partnerOfBefore, -1);
  const openAfter = indicesWhere(partnerOfAfter, -1);
  const scored: { i: number; j: number; score: number }[] = [];
  const candidates = candidatePairs(
    openBefore.map((i) => beforeTokens[i] ?? new Set()),
    openAfter.map((j) => afterTokens[j] ?? new Set()),
  );
  for (const [li, rights] of candidates) {
    const i = openBefore[li]!;
    for (const rj of rights) {
      const j = openAfter[rj]!;
      const score = dice(beforeTokens[i]!, afterTokens[j]!);
      if (score >= PAIR_THRESHOLD) scored.push({ i, j, score });
    }
  }
  scored.sort((x, y) => y.score - x.score || Math.abs(x.i - x.j) - Math.abs(y.i - y.j) || x.i - y.i);
  for (const { i, j } of scored) {
    if (partnerOfBefore[i] !== -1 || partnerOfAfter[j] !== -1) continue;
    partnerOfBefore[i] = j;
    partnerOfAfter[j] = i;
  }

  // Groups keyed by a representative; fragments join them below.
  const groups: AlignedGroup[] = [];
  const groupOfBefore = new Array<AlignedGroup | undefined>(before.length);
  const groupOfAfter = new Array<AlignedGroup | undefined>(after.length);
  partnerOfBefore.forEach((j, i) => {
    if (j === -1) return;
    const group: AlignedGroup = { before: [i], after: [j], moved: false };
    groups.push(group);
    groupOfBefore[i] = group;
    groupOfAfter[j] = group;
  });

  // 3. Splits (one old → several new) and merges (several old → one new).
  attachFragments(afterTokens, beforeTokens, groupOfAfter, 'after', 'before');
  attachFragments(beforeTokens, afterTokens, groupOfBefore, 'before', 'after');

  before.forEach((_, i) => {
    if (!groupOfBefore[i]) groups.push({ before: [i], after: [], moved: false });
  });
  after.forEach((_, j) => {
    if (!groupOfAfter[j]) groups.push({ before: [], after: [j], moved: false });
  });

  markMoves(groups);
  return groups.sort(
    (x, y) => position(x) - position(y) || (x.before.length === 0 ? 1 : 0) - (y.before.length === 0 ? 1 : 0),
  );
}

/** Reading order for output: by old position, insertions placed after the old sentence they follow. */
function position(group: AlignedGroup): number {
  return group.after.length > 0 ? group.after[0]! : (group.before[0] ?? 0) + 0.5;
}

function indicesWhere(values: readonly number[], wanted: number): number[] {
  const out: number[] = [];
  values.forEach((value, index) => {
    if (value === wanted) out.push(index);
  });
  return out;
}

/**
 * An unaligned sentence on `side` joins the group of an adjacent sentence on the same side when
 * most of its words are in that group's other side and adding it raises the group's similarity.
 */
function attachFragments(
  sideTokens: readonly Set<string>[],
  otherTokens: readonly Set<string>[],
  groupOfSide: (AlignedGroup | undefined)[],
  side: 'before' | 'after',
  other: 'before' | 'after',
): void {
  for (let k = 0; k < sideTokens.length; k++) {
    if (groupOfSide[k]) continue;
    const tokens = sideTokens[k]!;
    let best: { group: AlignedGroup; gain: number } | null = null;
    for (const neighbour of [k - 1, k + 1]) {
      const group = groupOfSide[neighbour];
      if (!group) continue;
      const otherSide = union(...group[other].map((index) => otherTokens[index]!));
      const cover = containment(tokens, otherSide);
      const needed = tokens.size >= 3 ? FRAGMENT_CONTAINMENT : 1;
      if (tokens.size === 0 || cover < needed) continue;
      const ownSide = union(...group[side].map((index) => sideTokens[index]!));
      const gain = dice(union(ownSide, tokens), otherSide) - dice(ownSide, otherSide);
      if (gain > 0 && (!best || gain > best.gain)) best = { group, gain };
    }
    if (!best) continue;
    best.group[side].push(k);
    best.group[side].sort((x, y) => x - y);
    groupOfSide[k] = best.group;
  }
}

/** Groups off the longest increasing subsequence of new positions (ordered by old position) moved. */
function markMoves(groups: AlignedGroup[]): void {
  const paired = groups
    .filter((group) => group.before.length > 0 && group.after.length > 0)
    .sort((x, y) => x.before[0]! - y.before[0]!);
  const keys = paired.map((group) => group.after[0]!);
  const keep = longestIncreasing(keys);
  paired.forEach((group, index) => {
    group.moved = !keep.has(index);
  });
}

/** Indices of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[index] = tails[lo - 1]!;
    tails[lo] = index;
  });
  const keep = new Set<number>();
  let cursor = tails.length > 0 ? tails[tails.length - 1]! : -1;
  while (cursor !== -1) {
    keep.add(cursor);
    cursor = previous[cursor]!;
  }
  return keep;
}
