import type { ClassLabels } from '../labels';
import { computeDrift } from '../metrics/drift';
import { rankBiasedOverlap, topKKendallTau } from '../metrics/rank-agreement';
import { topK, topKOverlap } from '../metrics/top-k';
import type { ImageConfigOutcome, RankedLabel } from '../result-schema';

export const TOP_K = 5;

export function topLabels(output: ArrayLike<number>, labels: ClassLabels, k = TOP_K): RankedLabel[] {
  return topK(output, k).map(({ index, score }) => ({
    index,
    label: (labels.names[index] ?? `#${index}`).replace(/[<>]/g, ''),
    // NaN/±Infinity have no JSON form and fail the schema; nonFiniteCount reports them.
    score: Number.isFinite(score) ? score : null,
  }));
}

function countNonFinite(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
  return count;
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/** The comparison fields of an outcome that has nothing to be compared with. */
const notCompared = {
  top1AgreesWithReference: null,
  top5Overlap: null,
  kendallTau: null,
  rankBiasedOverlap: null,
  maxAbsDiff: null,
  meanAbsDiff: null,
  cosineSimilarity: null,
  klDivergence: null,
} as const;

/**
 * One configuration's output for one image, set against the reference configuration's output for the
 * same input tensor. Without a reference output (it failed), only the labels are reported.
 */
export function compareOutput(
  configId: string,
  candidate: Float32Array,
  reference: Float32Array | null,
  outputKind: 'probabilities' | 'logits',
  labels: ClassLabels,
  inferMs: number,
): ImageConfigOutcome {
  const top5 = topLabels(candidate, labels);
  const base = {
    configId,
    status: 'ok' as const,
    reason: null,
    top5,
    nonFiniteCount: countNonFinite(candidate),
    inferMs,
  };
  if (!reference || reference.length !== candidate.length) {
    return {
      ...base,
      ...notCompared,
      reason: reference
        ? `output length ${candidate.length} differs from the reference's ${reference.length}`
        : null,
    };
  }
  const referenceTop = topK(reference, TOP_K).map((r) => r.index);
  const candidateTop = top5.map((r) => r.index);
  const drift = computeDrift(reference, candidate, outputKind);
  return {
    ...base,
    // An all-NaN output "ranks" index 0 first by tie-break; that is no agreement.
    top1AgreesWithReference: top5[0]?.score !== null && referenceTop[0] === candidateTop[0],
    top5Overlap: topKOverlap(referenceTop, candidateTop),
    kendallTau: finiteOrNull(topKKendallTau(reference, candidate, TOP_K)),
    rankBiasedOverlap: finiteOrNull(rankBiasedOverlap(referenceTop, candidateTop)),
    maxAbsDiff: finiteOrNull(drift.maxAbsDiff),
    meanAbsDiff: finiteOrNull(drift.meanAbsDiff),
    cosineSimilarity: finiteOrNull(drift.cosineSimilarity),
    klDivergence: finiteOrNull(drift.klDivergence),
  };
}

export function failedOutcome(
  configId: string,
  status: 'failed' | 'skipped',
  reason: string,
): ImageConfigOutcome {
  return { configId, status, reason, top5: [], ...notCompared, nonFiniteCount: 0, inferMs: null };
}
