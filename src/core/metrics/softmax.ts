/**
 * Numerically stable softmax (the max is subtracted before exp, so large logits do not overflow).
 * Any NaN poisons the whole output: a partial distribution would hide the fault.
 * +Infinity entries share all the mass (the limit); all -Infinity has no limit and gives NaN.
 */
export function softmax(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return out.fill(NaN);
    if (v > max) max = v;
  }
  if (max === Infinity) {
    let infCount = 0;
    for (let i = 0; i < n; i++) if (values[i] === Infinity) infCount++;
    for (let i = 0; i < n; i++) out[i] = values[i] === Infinity ? 1 / infCount : 0;
    return out;
  }
  if (max === -Infinity) return out.fill(NaN);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp(values[i] - max);
    sum += out[i];
  }
  // sum >= 1 because the max element contributes exp(0).
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/** True when every value is finite and in [0, 1] and the total is within `tolerance` of 1. */
export function looksLikeProbabilities(values: ArrayLike<number>, tolerance = 1e-3): boolean {
  if (values.length === 0) return false;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < 0 || v > 1) return false;
    sum += v;
  }
  return Math.abs(sum - 1) <= tolerance;
}
