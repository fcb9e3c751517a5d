import type { ClassLabels } from '../labels';
import { medianRatioInterval } from '../stats/bootstrap';
import { mannWhitneyU } from '../stats/mann-whitney';
import type { ConfigResult, Finding, ImageConfigOutcome, ImageResult } from '../result-schema';

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

function outcomesOf(images: ImageResult[], configId: string): ImageConfigOutcome[] {
  return images.flatMap((image) =>
    image.outcomes.filter((o) => o.configId === configId && o.status === 'ok'),
  );
}

/** Agreement with the reference over every image this configuration classified. */
export function aggregateAgreement(images: ImageResult[], configId: string): ConfigResult['agreement'] {
  const outcomes = outcomesOf(images, configId);
  if (!outcomes.length) return null;
  const compared = outcomes.filter((o) => o.top1AgreesWithReference !== null);
  return {
    images: outcomes.length,
    top1AgreementRate: compared.length
      ? compared.filter((o) => o.top1AgreesWithReference).length / compared.length
      : null,
    meanTop5Overlap: mean(present(compared.map((o) => o.top5Overlap))),
    meanKendallTau: mean(present(compared.map((o) => o.kendallTau))),
    meanRankBiasedOverlap: mean(present(compared.map((o) => o.rankBiasedOverlap))),
    maxAbsDiff: present(compared.map((o) => o.maxAbsDiff)).reduce<number | null>(
      (m, v) => Math.max(m ?? v, v),
      null,
    ),
    meanAbsDiff: mean(present(compared.map((o) => o.meanAbsDiff))),
    minCosineSimilarity: present(compared.map((o) => o.cosineSimilarity)).reduce<number | null>(
      (m, v) => Math.min(m ?? v, v),
      null,
    ),
    meanKlDivergence: mean(present(compared.map((o) => o.klDivergence))),
  };
}

/** Top-1/top-5 accuracy over images whose file names carry a wnid, for models whose labels carry wnids. */
export function aggregateAccuracy(
  images: ImageResult[],
  configId: string,
  labels: ClassLabels,
): ConfigResult['accuracy'] {
  if (!labels.wnids) return null;
  const wnids = labels.wnids;
  let labelled = 0;
  let top1 = 0;
  let top5 = 0;
  for (const image of images) {
    const outcome = image.outcomes.find((o) => o.configId === configId && o.status === 'ok');
    if (!image.groundTruth || !outcome) continue;
    labelled++;
    const predicted = outcome.top5.map((r) => wnids[r.index]);
    if (predicted[0] === image.groundTruth) top1++;
    if (predicted.includes(image.groundTruth)) top5++;
  }
  return labelled ? { labelled, top1: top1 / labelled, top5: top5 / labelled } : null;
}

export function compareLatency(
  samplesMs: number[],
  referenceSamplesMs: number[],
): ConfigResult['latencyVsReference'] {
  if (!samplesMs.length || !referenceSamplesMs.length) return null;
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const test = mannWhitneyU(samplesMs, referenceSamplesMs);
  const ratio = median(samplesMs) / median(referenceSamplesMs);
  return {
    ratioP50: Number.isFinite(ratio) ? ratio : null,
    ratioP50Interval: medianRatioInterval(samplesMs, referenceSamplesMs),
    u: test.u,
    pValue: Number.isFinite(test.pValue) ? test.pValue : null,
    effectSize: Number.isFinite(test.effectSize) ? test.effectSize : null,
  };
}

/** Every disagreement, non-finite output and failure, called out one by one. */
export function collectFindings(
  images: ImageResult[],
  configs: ConfigResult[],
  referenceConfigId: string,
): Finding[] {
  const findings: Finding[] = [];
  for (const config of configs) {
    if (config.status !== 'ok' && config.status !== 'unsupported' && config.status !== 'cancelled') {
      findings.push({
        kind: 'failed',
        configId: config.configId,
        image: null,
        message: config.reason ?? config.status,
      });
    }
  }
  for (const image of images) {
    if (image.decodeError) {
      findings.push({ kind: 'decode-error', configId: null, image: image.name, message: image.decodeError });
    }
    const reference = image.outcomes.find((o) => o.configId === referenceConfigId);
    for (const outcome of image.outcomes) {
      if (outcome.status === 'failed') {
        findings.push({
          kind: 'failed',
          configId: outcome.configId,
          image: image.name,
          message: outcome.reason ?? 'failed',
        });
      }
      if (outcome.nonFiniteCount > 0) {
        findings.push({
          kind: 'non-finite',
          configId: outcome.configId,
          image: image.name,
          message: `${outcome.nonFiniteCount} NaN/Inf values in the output`,
        });
      }
      if (outcome.top1AgreesWithReference === false && reference) {
        findings.push({
          kind: 'top1-flip',
          configId: outcome.configId,
          image: image.name,
          message: `top-1 "${outcome.top5[0]?.label}" where ${referenceConfigId} gives "${reference.top5[0]?.label}"`,
        });
      }
    }
  }
  return findings;
}
