import type { ImageConfigOutcome, ImageResult, RunResult } from '../../core/result-schema';
import { hex64, validRunResult } from '../../core/result-schema.test-fixture';

/** ImageNet's first classes, in the model's index order. */
const classes = [
  ['n01440764', 'tench'],
  ['n01443537', 'goldfish'],
  ['n01484850', 'great white shark'],
  ['n01491361', 'tiger shark'],
  ['n01494475', 'hammerhead'],
  ['n01496331', 'electric ray'],
] as const;

/** The labels' wnids for the classes above, as a model's labels file gives them. */
export const fixtureWnids = classes.map(([wnid]) => wnid);

function outcome(configId: string, top1: number, agrees: boolean, maxAbsDiff: number): ImageConfigOutcome {
  return {
    configId,
    status: 'ok',
    reason: null,
    top5: [0, 1, 2, 3, 4].map((k) => {
      const index = (top1 + k) % classes.length;
      return { index, label: classes[index][1], score: 0.9 - k * 0.15 };
    }),
    top1AgreesWithReference: agrees,
    top5Overlap: 1,
    kendallTau: 1,
    rankBiasedOverlap: 1,
    maxAbsDiff,
    meanAbsDiff: maxAbsDiff / 10,
    cosineSimilarity: 1,
    klDivergence: 0,
    nonFiniteCount: 0,
    inferMs: 5,
  };
}

/**
 * A run over `count` images on three configurations: ort-wasm the reference, ort-webgpu agreeing within
 * rounding, tfjs-webgl flipping every tenth image from its true class to the next one (tench → goldfish
 * on image 0) and drifting on every fifth; every image's file name carries its ground truth. The page's
 * WebGL renderer is SwiftShader, so the two GPU configurations ran on a software adapter.
 */
export function manyImagesRun(count: number): RunResult {
  const run = validRunResult();
  const [reference] = run.configs;
  run.runId = '6f1c2a9e-2b7d-4c1e-9a55-0d3f6b8e1c42';
  run.configs = ['ort-wasm', 'ort-webgpu', 'tfjs-webgl'].map((configId) => ({
    ...reference,
    configId,
    runtime: {
      ...reference.runtime!,
      requestedBackend: configId.split('-')[1],
      activeBackend: configId.split('-')[1],
    },
  }));
  run.images = Array.from({ length: count }, (_, i): ImageResult => {
    const truth = i % classes.length;
    const flips = i % 10 === 0;
    return {
      name: `${classes[truth][0]}_${String(i).padStart(4, '0')}.JPEG`,
      fileSha256: hex64('c'),
      inputSha256: hex64('d'),
      width: 224,
      height: 224,
      groundTruth: classes[truth][0],
      decodeError: null,
      outcomes: [
        outcome('ort-wasm', truth, true, 0),
        outcome('ort-webgpu', truth, true, 1e-6),
        outcome('tfjs-webgl', flips ? (truth + 1) % classes.length : truth, !flips, i % 5 === 0 ? 0.5 : 1e-6),
      ],
    };
  });
  run.imageSet = { name: 'imagenet-synthetic', count, sha256: hex64('b') };
  run.findings = [];
  return run;
}
