import type { ImageResult, RunResult } from '../../core/result-schema';

export interface AgreementCell {
  row: string;
  column: string;
  /** Share of images both classified on which their top-1 labels match; null when none in common. */
  agreement: number | null;
  images: number;
}

/** Top-1 label of every configuration on every image it classified. */
function top1ByConfig(images: ImageResult[]): Map<string, Map<string, number>> {
  const byConfig = new Map<string, Map<string, number>>();
  for (const image of images) {
    for (const outcome of image.outcomes) {
      if (outcome.status !== 'ok' || !outcome.top5.length) continue;
      if (!byConfig.has(outcome.configId)) byConfig.set(outcome.configId, new Map());
      byConfig.get(outcome.configId)!.set(image.name, outcome.top5[0].index);
    }
  }
  return byConfig;
}

/** Every pair of configurations, not only against the reference: two may agree with each other and not it. */
export function agreementMatrix(result: RunResult): AgreementCell[] {
  const top1 = top1ByConfig(result.images);
  const ids = result.configs.map((c) => c.configId).filter((id) => top1.has(id));
  return ids.flatMap((row) =>
    ids.map((column) => {
      const a = top1.get(row)!;
      const b = top1.get(column)!;
      let both = 0;
      let same = 0;
      for (const [name, label] of a) {
        if (!b.has(name)) continue;
        both += 1;
        if (b.get(name) === label) same += 1;
      }
      return { row, column, agreement: both ? same / both : null, images: both };
    }),
  );
}

export interface LatencySample {
  configId: string;
  ms: number;
}

/** Warm samples in long form for a box plot; cold first inference kept apart. */
export function latencySamples(result: RunResult): { warm: LatencySample[]; cold: LatencySample[] } {
  const ok = result.configs.filter((c) => c.warmSamplesMs.length);
  return {
    warm: ok.flatMap((c) => c.warmSamplesMs.map((ms) => ({ configId: c.configId, ms }))),
    cold: result.configs.flatMap((c) =>
      c.firstInferMs === null ? [] : [{ configId: c.configId, ms: c.firstInferMs }],
    ),
  };
}

/** Images on which some configuration's top-1 differs from another's, with every top-5 side by side. */
export function disagreements(result: RunResult): ImageResult[] {
  return result.images.filter((image) => {
    const labels = new Set(
      image.outcomes.filter((o) => o.status === 'ok' && o.top5.length).map((o) => o.top5[0].index),
    );
    return labels.size > 1;
  });
}
