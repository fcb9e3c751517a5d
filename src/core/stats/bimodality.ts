/** Smallest share of the samples each mode must hold, so that a few outliers are not called a mode. */
const MIN_MODE_SHARE = 0.15;
/**
 * Separation (Ashman's D) above which two groups are distinct modes. The best two-group split of one
 * normal sample of 20 already reaches D ≈ 3.1 (median over seeds) and up to 5.6, so the bar sits above
 * that: only clearly separate regimes are flagged, such as 90 ms before a tier-up and 20 ms after it.
 */
const MIN_SEPARATION = 6;
/** Fewer samples than this say too little about their shape. */
const MIN_SAMPLES = 10;

function meanAndVariance(sorted: readonly number[], from: number, to: number): [number, number] {
  let sum = 0;
  for (let i = from; i < to; i++) sum += sorted[i];
  const mean = sum / (to - from);
  let squares = 0;
  for (let i = from; i < to; i++) squares += (sorted[i] - mean) ** 2;
  return [mean, squares / (to - from)];
}

/**
 * Whether latency samples fall into two regimes (say, before and after a JIT tier-up), so that their p50
 * mixes two things. Splits the sorted samples where the within-group spread is least (one-dimensional
 * two-means), then calls them bimodal when each group holds at least 15 % of the samples and the groups are
 * separated by Ashman's D = √2·|μ₁ − μ₂| ÷ √(σ₁² + σ₂²) > 6. Null for fewer than 10 samples.
 */
export function isBimodal(samplesMs: readonly number[]): boolean | null {
  const n = samplesMs.length;
  if (n < MIN_SAMPLES) return null;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const smallest = Math.max(3, Math.ceil(MIN_MODE_SHARE * n));
  let best: { cost: number; d: number } | null = null;
  for (let split = smallest; split <= n - smallest; split++) {
    const [m1, v1] = meanAndVariance(sorted, 0, split);
    const [m2, v2] = meanAndVariance(sorted, split, n);
    const cost = split * v1 + (n - split) * v2;
    if (best && cost >= best.cost) continue;
    const spread = Math.sqrt(v1 + v2);
    best = { cost, d: spread > 0 ? (Math.SQRT2 * Math.abs(m1 - m2)) / spread : m1 === m2 ? 0 : Infinity };
  }
  return best !== null && best.d > MIN_SEPARATION;
}
