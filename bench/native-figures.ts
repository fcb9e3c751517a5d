import { availableParallelism } from 'node:os';
import type { ModelManifest } from '../src/core/model-manifest';
import type { RunResult } from '../src/core/result-schema';
import { summarizeLatency } from '../src/core/stats/summary';
import { figure, type BenchFigure } from './bench-figure';
import { nodeTable, type BrowserBest } from './bench-report';
import { medianP50, type OverheadEstimate } from './harness-overhead';
import { firstImageTensor } from './node-input';
import { ortNodeLatency } from './ort-node-latency';
import { recommend } from '../src/core/recommend/recommend';

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
  const timed = estimates
    .filter((e) => e.modelId === manifest.id)
    .map((e) => ({ configId: e.configId, p50Ms: medianP50(e, 'lab') }))
    .filter((t): t is { configId: string; p50Ms: number } => t.p50Ms !== null);
  // The product's own rule (src/core/recommend): the fastest configuration of the agreement run that
  // agrees with the reference; a fast one with wrong answers (ort-webgpu on the int8 model) is no candidate.
  const picked = recommend(agreementRun).pick;
  const pick = timed.find((t) => t.configId === picked?.configId);
  const estimate = estimates.find((e) => e.modelId === manifest.id && e.configId === pick?.configId);
  if (!pick || !estimate) {
    const none = 'no browser configuration both timed and agreeing with the reference';
    return { figure: figure(name, none, 'printed (no target)', null), table: `${name}: ${none}` };
  }
  const [row] = estimate.rows;
  const best: BrowserBest = {
    configId: pick.configId,
    modelId: manifest.id,
    labP50Ms: pick.p50Ms,
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
