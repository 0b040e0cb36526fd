/**
 * The reports around an article, grouped by event: average-linkage agglomerative clustering over
 * the pairwise same-event scores of the article and its candidates.
 *
 * Why a group decides better than a pair: two short reports of one event may share a name and
 * little else, yet each agrees strongly with a longer third report, so the group vouches for the
 * pair. The other way round, a report of a look-alike event (another earthquake, another arrest)
 * may score well against the article alone while it disagrees with every other report of the
 * article's event; averaged over the group it stays out. On the ECB+ dev clusters this raised the
 * sibling recall from 0.52 to about 0.69 at a higher precision (tests/eval/siblings.ts).
 */

/** How many of the best candidates are grouped with the article: the rest keep their pair score. */
export const GROUP_CANDIDATES = 30;

/**
 * Each item's group score with item 0: the mean pairwise score between the two groups at the
 * merge that first puts the item with item 0 (the cophenetic similarity of average linkage).
 * `score(i, j)` is symmetric and 0..1; item 0's own entry is 1. Merge heights never rise under
 * average linkage, so an item grouped earlier always scores at least as high as a later one, and
 * a threshold on these scores is the same as cutting the tree at that height.
 */
export function groupScores(size: number, score: (i: number, j: number) => number): number[] {
  const similarity = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const value = score(i, j);
      similarity[i * size + j] = value;
      similarity[j * size + i] = value;
    }
  }
  const alive = new Array<boolean>(size).fill(true);
  const members: number[][] = Array.from({ length: size }, (_, i) => [i]);
  const result = new Array<number>(size).fill(0);
  result[0] = 1;
  // `home` is the group holding item 0; merging stops once everything has joined it.
  let home = 0;
  for (let merges = 1; merges < size && members[home]!.length < size; merges++) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < size; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < size; j++) {
        if (!alive[j]) continue;
        const value = similarity[i * size + j]!;
        // Ties go to the first pair, so the answer never depends on floating-point noise.
        if (value > best) {
          best = value;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    if (bi === home || bj === home) {
      for (const item of members[bi === home ? bj : bi]!) result[item] = best;
    }
    const wi = members[bi]!.length;
    const wj = members[bj]!.length;
    for (let k = 0; k < size; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const merged = (similarity[bi * size + k]! * wi + similarity[bj * size + k]! * wj) / (wi + wj);
      similarity[bi * size + k] = merged;
      similarity[k * size + bi] = merged;
    }
    members[bi]!.push(...members[bj]!);
    members[bj] = [];
    alive[bj] = false;
    if (bj === home) home = bi;
  }
  return result;
}
