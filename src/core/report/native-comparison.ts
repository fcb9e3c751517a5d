import { maxAbsDiff } from '../metrics/drift';
import { topK } from '../metrics/top-k';
import type { NativeReferences, RunResult } from '../result-schema';

/** One native runtime's outputs, by image name, for the inputs the page fed (hash-checked by the caller). */
export interface NativeRun {
  id: string;
  runtime: string;
  /** Why it did not run; the others still count. */
  error: string | null;
  outputs: Map<string, Float32Array>;
}

/** The largest |Δ| between any two runs on an image both ran, and between which. */
function nativeDrift(runs: NativeRun[]): Pick<NativeReferences, 'driftMaxAbsDiff' | 'driftBetween'> {
  let drift: Pick<NativeReferences, 'driftMaxAbsDiff' | 'driftBetween'> = {
    driftMaxAbsDiff: null,
    driftBetween: [],
  };
  runs.forEach((a, i) =>
    runs.slice(i + 1).forEach((b) => {
      for (const [image, output] of a.outputs) {
        const other = b.outputs.get(image);
        if (!other) continue;
        const diff = maxAbsDiff(output, other);
        if (drift.driftMaxAbsDiff === null || diff > drift.driftMaxAbsDiff)
          drift = { driftMaxAbsDiff: diff, driftBetween: [a.id, b.id] };
      }
    }),
  );
  return drift;
}

/**
 * The record's `native` part: the references, their drift against each other, and every browser
 * configuration against the first reference that ran — top-1 agreement, and the largest |Δ| over the
 * configuration's top-5 classes (the record keeps only those of a browser output).
 */
export function nativeComparison(result: RunResult, runs: NativeRun[]): NativeReferences {
  const ran = runs.filter((r) => r.error === null);
  const primary = ran[0] ?? null;
  const perConfiguration: NativeReferences['perConfiguration'] = {};
  for (const config of result.configs) {
    let images = 0;
    let agreeing = 0;
    let worst: number | null = null;
    for (const image of result.images) {
      const native = primary?.outputs.get(image.name);
      const outcome = image.outcomes.find((o) => o.configId === config.configId);
      if (!native || outcome?.status !== 'ok' || !outcome.top5.length) continue;
      images++;
      if (outcome.top5[0].index === topK(native, 1)[0].index) agreeing++;
      for (const { index, score } of outcome.top5)
        if (score !== null && index < native.length)
          worst = Math.max(worst ?? 0, Math.abs(score - native[index]));
    }
    perConfiguration[config.configId] = {
      images,
      top1Agreement: images ? agreeing / images : null,
      maxAbsDiffTop5: worst,
    };
  }
  return {
    references: runs.map((r) => ({
      id: r.id,
      runtime: r.runtime,
      status: r.error === null ? 'ok' : 'failed',
      reason: r.error,
      images: r.outputs.size,
    })),
    primaryId: primary?.id ?? null,
    ...nativeDrift(ran),
    perConfiguration,
  };
}
