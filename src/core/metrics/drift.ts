import { softmax } from './softmax';

export interface Drift {
  maxAbsDiff: number;
  meanAbsDiff: number;
  cosineSimilarity: number;
  /** KL(P_ref || Q_cand) in nats, over probabilities. */
  klDivergence: number;
  /** NaN and ±Infinity entries in the candidate. */
  nonFiniteCount: number;
}

// Keeps KL finite when a runtime outputs exact zeros where the reference does not.
const PROBABILITY_FLOOR = 1e-12;

function assertSameLength(reference: ArrayLike<number>, candidate: ArrayLike<number>): void {
  if (reference.length !== candidate.length) {
    throw new Error(`reference has length ${reference.length} but candidate has length ${candidate.length}`);
  }
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function countNonFinite(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
  return count;
}

// Every metric below refuses to summarise non-finite input (NaN out) so a broken runtime cannot look close.
function comparable(reference: ArrayLike<number>, candidate: ArrayLike<number>): boolean {
  assertSameLength(reference, candidate);
  return reference.length > 0 && allFinite(reference) && allFinite(candidate);
}

/** Largest |reference[i] - candidate[i]|; NaN if empty or any value is non-finite. */
export function maxAbsDiff(reference: ArrayLike<number>, candidate: ArrayLike<number>): number {
  if (!comparable(reference, candidate)) return NaN;
  let max = 0;
  for (let i = 0; i < reference.length; i++) max = Math.max(max, Math.abs(reference[i] - candidate[i]));
  return max;
}

/** Mean of |reference[i] - candidate[i]|; NaN if empty or any value is non-finite. */
export function meanAbsDiff(reference: ArrayLike<number>, candidate: ArrayLike<number>): number {
  if (!comparable(reference, candidate)) return NaN;
  let sum = 0;
  for (let i = 0; i < reference.length; i++) sum += Math.abs(reference[i] - candidate[i]);
  return sum / reference.length;
}

/** a·b / (|a||b|), clamped to [-1, 1] against rounding; NaN for a zero vector or non-finite input. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (!comparable(a, b)) return NaN;
  let dot = 0;
  let normASq = 0;
  let normBSq = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normASq += a[i] * a[i];
    normBSq += b[i] * b[i];
  }
  if (normASq === 0 || normBSq === 0) return NaN;
  return Math.min(1, Math.max(-1, dot / Math.sqrt(normASq * normBSq)));
}

function floorAndNormalise(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    out[i] = Math.max(values[i], PROBABILITY_FLOOR);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/**
 * KL(p || q) = Σ p_i·ln(p_i / q_i) in nats. Both sides are floored at 1e-12 and renormalised first so zeros
 * give a large finite value instead of Infinity. NaN if empty or any value is non-finite.
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (!comparable(p, q)) return NaN;
  const pn = floorAndNormalise(p);
  const qn = floorAndNormalise(q);
  let sum = 0;
  for (let i = 0; i < pn.length; i++) sum += pn[i] * Math.log(pn[i] / qn[i]);
  // Gibbs' inequality says KL >= 0; anything below is rounding.
  return Math.max(0, sum);
}

/**
 * How far a candidate runtime's output is from the reference's. Differences and cosine use the raw values;
 * KL uses probabilities (softmax first for logits).
 */
export function computeDrift(
  reference: ArrayLike<number>,
  candidate: ArrayLike<number>,
  kind: 'probabilities' | 'logits',
): Drift {
  assertSameLength(reference, candidate);
  const pRef = kind === 'logits' ? softmax(reference) : reference;
  const qCand = kind === 'logits' ? softmax(candidate) : candidate;
  return {
    maxAbsDiff: maxAbsDiff(reference, candidate),
    meanAbsDiff: meanAbsDiff(reference, candidate),
    cosineSimilarity: cosineSimilarity(reference, candidate),
    // Raw non-finite logits could still soften into finite probabilities (+Inf -> 1), so check the raw input.
    klDivergence: comparable(reference, candidate) ? klDivergence(pRef, qCand) : NaN,
    nonFiniteCount: countNonFinite(candidate),
  };
}
