/**
 * Fitting the same-event model (src/match/same-event.ts) on labelled pairs: a logistic regression
 * on the evidence, then the decision point chosen where the training pairs reach the precision
 * target with the most recall, and the bias shifted so that point is SAME_EVENT_THRESHOLD.
 */
import {
  EVIDENCE_KEYS,
  SAME_EVENT_THRESHOLD,
  sameEventLogit,
  type SameEventEvidence,
  type SameEventModel,
} from '../../src/match/index';

export interface LabelledPair {
  evidence: SameEventEvidence;
  same: boolean;
  /** Pairs from one outlet are ranked but never listed, so they do not set the decision point. */
  decides: boolean;
  /** Which dataset the pair comes from (or "across" two): each weighs alike in the fit. */
  stratum: string;
}

const L2 = 1e-3;
const ITERATIONS = 25;

/**
 * Newton's method on the L2-regularised log loss. Within each stratum positives and negatives
 * weigh alike in total, and every stratum's class weighs alike: a small dataset of partisan
 * coverage counts as much as a large one of look-alike events.
 */
function logistic(pairs: LabelledPair[]): SameEventModel {
  const dims = EVIDENCE_KEYS.length + 1;
  const x = pairs.map((p) => [1, ...EVIDENCE_KEYS.map((k) => p.evidence[k])]);
  const counts = new Map<string, number>();
  const cell = (p: LabelledPair) => `${p.stratum}\u0000${p.same}`;
  for (const p of pairs) counts.set(cell(p), (counts.get(cell(p)) ?? 0) + 1);
  const sampleWeight = pairs.map((p) => pairs.length / (counts.size * counts.get(cell(p))!));
  const w = new Array<number>(dims).fill(0);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const gradient = new Array<number>(dims).fill(0);
    const hessian = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    for (let i = 0; i < pairs.length; i++) {
      const row = x[i]!;
      let z = 0;
      for (let d = 0; d < dims; d++) z += w[d]! * row[d]!;
      const p = 1 / (1 + Math.exp(-z));
      const y = pairs[i]!.same ? 1 : 0;
      const s = sampleWeight[i]!;
      const curvature = s * Math.max(p * (1 - p), 1e-9);
      for (let d = 0; d < dims; d++) {
        gradient[d]! += s * (p - y) * row[d]!;
        for (let e = d; e < dims; e++) hessian[d]![e]! += curvature * row[d]! * row[e]!;
      }
    }
    for (let d = 0; d < dims; d++) {
      for (let e = 0; e < d; e++) hessian[d]![e] = hessian[e]![d]!;
      if (d > 0) {
        gradient[d]! += L2 * pairs.length * w[d]!;
        hessian[d]![d]! += L2 * pairs.length;
      }
    }
    const step = solve(hessian, gradient);
    for (let d = 0; d < dims; d++) w[d]! -= step[d]!;
  }
  const weights = Object.fromEntries(
    EVIDENCE_KEYS.map((k, i) => [k, w[i + 1]!]),
  ) as SameEventModel['weights'];
  return { bias: w[0]!, weights };
}

/** Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / (a[i]![i]! || 1e-12));
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The fitted model with its decision point: the lowest logit at which the training pairs that
 * decide keep `precisionTarget`, i.e. the most recall that precision allows.
 */
export function fitSameEventModel(pairs: LabelledPair[], precisionTarget: number): SameEventModel {
  const model = logistic(pairs);
  const scored = pairs
    .filter((p) => p.decides)
    .map((p) => ({ z: sameEventLogit(p.evidence, model), same: p.same }))
    .sort((a, b) => b.z - a.z);
  let truePositives = 0;
  let cut = scored[0]?.z ?? 0;
  scored.forEach((p, i) => {
    if (p.same) truePositives++;
    const next = scored[i + 1];
    // Cut only between distinct logits, where the precision so far is what a threshold gives.
    if (next && next.z === p.z) return;
    if (truePositives / (i + 1) >= precisionTarget) cut = next ? (p.z + next.z) / 2 : p.z;
  });
  return { bias: model.bias - cut + logit(SAME_EVENT_THRESHOLD), weights: model.weights };
}
