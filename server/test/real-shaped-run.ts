import { randomUUID } from 'node:crypto';
import type { ConfigResult, ImageResult, RunResult } from '../../src/core/result-schema';
import { validRunResult } from '../../src/core/result-schema.test-fixture';

const configIds = [
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-wasm',
  'ort-webgpu',
  'ort-webgl',
  'ort-webnn',
];
const labels = [
  'tench',
  'goldfish',
  'great white shark',
  'tiger shark',
  'hammerhead',
  'electric ray',
  'stingray',
  'cock',
];

/** Deterministic noise (mulberry32), so sizes and gzip ratios are the same on every run. */
export function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number) =>
  Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('');

/** Image `i` of a real-shaped run: its file, ground truth and one outcome per configuration. */
export function realShapedImage(i: number, random: () => number): ImageResult {
  const [okImage] = validRunResult().images;
  const wnid = `n0${String(1440764 + i).padStart(7, '0')}`;
  return {
    ...okImage,
    name: `ILSVRC2012_val_${String(i + 1).padStart(8, '0')}_${wnid}.JPEG`,
    fileSha256: hex(random),
    inputSha256: hex(random),
    groundTruth: wnid,
    outcomes: configIds.map((configId) => ({
      ...okImage.outcomes[0],
      configId,
      top5: labels.slice(0, 5).map((label, rank) => ({
        index: Math.floor(random() * 1000),
        label,
        score: (5 - rank) * random(),
      })),
      top5Overlap: random(),
      kendallTau: random(),
      rankBiasedOverlap: random(),
      maxAbsDiff: random() * 1e-3,
      meanAbsDiff: random() * 1e-5,
      cosineSimilarity: 1 - random() * 1e-6,
      klDivergence: random() * 1e-7,
      inferMs: 5 + random() * 30,
    })),
  };
}

/**
 * A record shaped like a real run of `images` images on every configuration: full-precision scores,
 * drifts and timings (so it compresses like a real one, about 5.6 KB per image with 8 configurations),
 * its own run id. The store's large-run test and its bench send these.
 */
export function realShapedRun(images: number, seed = 1): RunResult {
  const random = noise(seed);
  const run = validRunResult();
  const [okConfig] = run.configs;
  run.runId = randomUUID();
  run.imageSet = { name: 'imagenet-val', count: images, sha256: hex(random) };
  run.configs = configIds.map((configId): ConfigResult => ({
    ...okConfig,
    configId,
    warmSamplesMs: Array.from({ length: 20 }, () => 5 + random() * 20),
  }));
  run.images = Array.from({ length: images }, (_, i) => realShapedImage(i, random));
  run.findings = [];
  return run;
}
