import { availableParallelism } from 'node:os';
import type { ModelManifest } from '../src/core/model-manifest';
import type { RunResult } from '../src/core/result-schema';
import { summarizeLatency } from '../src/core/stats/summary';
import { figure, type BenchFigure } from './bench-figure';
import { nodeTable, type BrowserBest } from './bench-report';
import { medianP50, type OverheadEstimate } from './harness-overhead';
import { firstImageTensor } from './node-input';
import { ortNodeLatency } from './ort-node-latency';
import {
  candidates,
  chooseFastest,
  DEFAULT_AGREEMENT_THRESHOLD,
  type RecommendationInput,
} from '../src/core/recommend/recommend';

/**
 * The product's own rule (src/core/recommend): the fastest configuration that agrees with the reference,
 * so a fast one with wrong answers (ort-webgpu on the int8 model) is no candidate. Agreement comes from
 * the agreement run; speed from the bench's timed loops (the lab's median p50 over passes). The agreement
 * run is the memory figure's, 3 timed runs per configuration: ranked by its own p50s, the bench once
 * picked tfjs-wasm (43 ms) over ort-wasm (16 ms in the timed loops).
 */
export function fastestAgreeing(
  estimates: OverheadEstimate[],
  modelId: string,
  agreementRun: RecommendationInput,
): { estimate: OverheadEstimate; p50Ms: number } | null {
  const timed = new Map<string, { estimate: OverheadEstimate; p50Ms: number }>();
  for (const estimate of estimates) {
    const p50Ms = medianP50(estimate, 'lab');
    if (estimate.modelId === modelId && p50Ms !== null) timed.set(estimate.configId, { estimate, p50Ms });
  }
  const ranked = candidates(agreementRun, DEFAULT_AGREEMENT_THRESHOLD, (id) => timed.has(id)).map((c) => ({
    ...c,
    p50Ms: timed.get(c.configId)!.p50Ms,
  }));
  const { pick } = chooseFastest(ranked, DEFAULT_AGREEMENT_THRESHOLD, 'configurations');
  return pick ? timed.get(pick.configId)! : null;
}

/**
 * The browser configuration the lab recommends (the fastest that agrees with the reference), against onnxruntime-node on the
 * same .onnx file and the same input bytes. Run after the browser has closed: native has the cores alone.
 */
export async function nativeFigure(options: {
  /** int8 or fp32, for the figure's name. */
  kind: string;
  manifest: ModelManifest;
  onnxPath: string;
  /** The folder of the lab's images (the first is the one timed). */
  imagesDir: string;
  estimates: OverheadEstimate[];
  agreementRun: RunResult;
}): Promise<{ figure: BenchFigure; table: string }> {
  const { manifest, estimates, agreementRun } = options;
  const name = `best browser ÷ onnxruntime-node p50, ${manifest.id} (${options.kind})`;
  const chosen = fastestAgreeing(estimates, manifest.id, agreementRun);
  if (!chosen) {
    const none = 'no browser configuration both timed and agreeing with the reference';
    return { figure: figure(name, none, 'printed (no target)', null), table: `${name}: ${none}` };
  }
  const { estimate, p50Ms } = chosen;
  const [row] = estimate.rows;
  const best: BrowserBest = {
    configId: estimate.configId,
    modelId: manifest.id,
    labP50Ms: p50Ms,
    bareP50Ms: medianP50(estimate, 'bare'),
    warmupRuns: row.warmupRuns,
    timedRuns: row.timedRuns,
    inputSha256: row.inputSha256,
  };
  const input = await firstImageTensor(options.imagesDir, manifest.preprocess);
  const threads = row.threads ?? Math.min(4, availableParallelism());
  const node = await ortNodeLatency(options.onnxPath, input.tensor, {
    inputName: manifest.inputName,
    warmupRuns: row.warmupRuns,
    timedRuns: row.timedRuns,
    threads,
  });
  const summary = summarizeLatency(node.samplesMs);
  const ratio = best.labP50Ms / summary.p50Ms;
  return {
    figure: figure(
      name,
      `${ratio.toFixed(2)} (${best.configId} ${best.labP50Ms.toFixed(2)} ms ÷ node ×${threads} ${summary.p50Ms.toFixed(2)} ms)`,
      'printed (no target)',
      null,
    ),
    table: nodeTable(best, { ...node, summary, inputName: input.name, inputSha256: input.sha256 }),
  };
}
