/** A probability vector may miss 1 by this much (quantised models round each class). */
const SUM_SLACK = 0.01;

/**
 * Checks a model's first real output against what its manifest declares: one value per class, and for
 * `probabilities` values ≥ 0 that sum to 1. A model that outputs logits while declaring probabilities
 * would have its KL divergence computed on floored logits. Returns what is wrong, or null.
 */
export function checkDeclaredOutput(
  output: ArrayLike<number>,
  declared: { output: 'probabilities' | 'logits'; labels: { count: number } },
): string | null {
  if (output.length !== declared.labels.count) {
    return `the model outputs ${output.length} values but declares ${declared.labels.count} classes (labels.count); give it a label list of ${output.length}`;
  }
  if (declared.output !== 'probabilities') return null;
  let min = Infinity;
  let sum = 0;
  for (let i = 0; i < output.length; i++) {
    min = Math.min(min, output[i]);
    sum += output[i];
  }
  if (min >= 0 && Math.abs(sum - 1) <= SUM_SLACK) return null;
  const seen =
    min < 0 ? `has negative values (min ${min.toPrecision(3)})` : `sums to ${sum.toPrecision(4)}, not 1`;
  return `output is declared "probabilities" but ${seen}: these look like logits, so declare output "logits"`;
}
