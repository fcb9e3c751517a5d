import { topK } from './top-k';

function assertSameLength(x: ArrayLike<number>, y: ArrayLike<number>, xName: string, yName: string): void {
  if (x.length !== y.length) {
    throw new Error(`${xName} has length ${x.length} but ${yName} has length ${y.length}`);
  }
}

// Plain comparisons rather than subtraction so that equal infinities count as a tie, not NaN.
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Kendall's tau-b (tie-corrected): (C - D) / sqrt((n0 - n1)(n0 - n2)), where n0 = n(n-1)/2 and n1, n2 are the
 * pairs tied in x and in y. O(n²), meant for top-k sized inputs. NaN when n < 2, when either side is all
 * ties (the denominator is 0), or when any value is NaN.
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertSameLength(x, y, 'x', 'y');
  const n = x.length;
  if (n < 2) return NaN;
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]) || Number.isNaN(y[i])) return NaN;
  let concordantMinusDiscordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = compare(x[i], x[j]);
      const dy = compare(y[i], y[j]);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      concordantMinusDiscordant += dx * dy;
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  if (denominator === 0) return NaN;
  return concordantMinusDiscordant / denominator;
}

/**
 * Tau-b between two score vectors over the union of both top-k index sets, so a class that only one side
 * ranks highly still counts against agreement.
 */
export function topKKendallTau(
  reference: ArrayLike<number>,
  candidate: ArrayLike<number>,
  k: number,
): number {
  assertSameLength(reference, candidate, 'reference', 'candidate');
  const indices = new Set<number>();
  for (const { index } of topK(reference, k)) indices.add(index);
  for (const { index } of topK(candidate, k)) indices.add(index);
  const x: number[] = [];
  const y: number[] = [];
  for (const index of indices) {
    x.push(reference[index]);
    y.push(candidate[index]);
  }
  return kendallTauB(x, y);
}

/**
 * Extrapolated rank-biased overlap (Webber, Moffat & Zobel 2010, eq. 32):
 *   RBO_ext = (X_k / k)·p^k + ((1 - p) / p)·Σ_{d=1..k} (X_d / d)·p^d
 * where X_d is the overlap of the two depth-d prefixes. Lists of unequal length are cut to the shorter;
 * duplicates only count on first appearance. NaN for empty input (no depth to compare at).
 */
export function rankBiasedOverlap(a: readonly number[], b: readonly number[], p = 0.9): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`rankBiasedOverlap: p must be in (0, 1), got ${p}`);
  const depth = Math.min(a.length, b.length);
  if (depth === 0) return NaN;
  const seenA = new Set<number>();
  const seenB = new Set<number>();
  let overlap = 0;
  let weightedSum = 0;
  let pPowD = 1;
  for (let d = 1; d <= depth; d++) {
    const itemA = a[d - 1];
    const itemB = b[d - 1];
    if (!seenA.has(itemA)) {
      seenA.add(itemA);
      if (seenB.has(itemA)) overlap++;
    }
    if (!seenB.has(itemB)) {
      seenB.add(itemB);
      if (seenA.has(itemB)) overlap++;
    }
    pPowD *= p;
    weightedSum += (overlap / d) * pPowD;
  }
  return (overlap / depth) * pPowD + ((1 - p) / p) * weightedSum;
}
