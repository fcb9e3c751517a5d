import type { RunResult } from './result-schema';

export interface LabelFlip {
  configId: string;
  image: string;
  labelA: string;
  labelB: string;
}

export interface ConfigComparison {
  configId: string;
  /** Images both devices classified with this configuration, matched by input tensor sha256. */
  comparedImages: number;
  flips: number;
  /** Median warm p50 on B over median warm p50 on A; > 1: B is slower. */
  latencyRatio: number | null;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Top-1 label per (configuration, input sha256): the first run that classified it decides. */
function top1ByInput(runs: RunResult[]): Map<string, { image: string; label: string }> {
  const top1 = new Map<string, { image: string; label: string }>();
  for (const run of runs) {
    for (const image of run.images) {
      if (!image.inputSha256) continue;
      for (const outcome of image.outcomes) {
        const key = `${outcome.configId}|${image.inputSha256}`;
        if (outcome.status === 'ok' && outcome.top5[0] && !top1.has(key))
          top1.set(key, { image: image.name, label: outcome.top5[0].label });
      }
    }
  }
  return top1;
}

function p50s(runs: RunResult[], configId: string): number[] {
  return runs.flatMap((r) =>
    r.configs.filter((c) => c.configId === configId && c.warm).map((c) => c.warm!.p50Ms),
  );
}

/**
 * Two devices on the same campaign: per configuration, on which identical inputs their top-1 labels
 * differ (label flips) and how their latencies compare.
 */
export function compareDevices(
  runsA: RunResult[],
  runsB: RunResult[],
): { configs: ConfigComparison[]; flips: LabelFlip[] } {
  const a = top1ByInput(runsA);
  const b = top1ByInput(runsB);
  const configIds = [...new Set(runsA.flatMap((r) => r.configs.map((c) => c.configId)))].filter((id) =>
    runsB.some((r) => r.configs.some((c) => c.configId === id)),
  );
  const flips: LabelFlip[] = [];
  const configs = configIds.sort().map((configId) => {
    let compared = 0;
    let flipped = 0;
    for (const [key, fromA] of a) {
      if (!key.startsWith(`${configId}|`)) continue;
      const fromB = b.get(key);
      if (!fromB) continue;
      compared++;
      if (fromA.label !== fromB.label) {
        flipped++;
        flips.push({ configId, image: fromA.image, labelA: fromA.label, labelB: fromB.label });
      }
    }
    const pa = median(p50s(runsA, configId));
    const pb = median(p50s(runsB, configId));
    return {
      configId,
      comparedImages: compared,
      flips: flipped,
      latencyRatio: pa && pb !== null ? pb / pa : null,
    };
  });
  return { configs, flips };
}
