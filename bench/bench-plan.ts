/** One configuration to time, on which model and images, with how many runs (the same for lab and bare). */
export interface BenchStep {
  configId: string;
  modelId: string;
  /** A folder mounted at /images/; the embedded samples when absent. */
  imagesDir?: string;
  warmupRuns: number;
  timedRuns: number;
}

/**
 * Run counts per configuration (warm-up is a cap on both sides: each stops once the times are steady, by
 * the lab's rule). A cap of 30 + 30 timed by default; the slow ones on a 2-core machine without a GPU get fewer,
 * so that three repeats stay within about 8 minutes on a quiet machine (there: TF.js webgpu on SwiftShader
 * ≈ 4 s per inference, TF.js cpu ≈ 1.2 s, TF.js webgl ≈ 0.6 s, everything else < 0.3 s).
 */
const counts: Record<string, { warmupRuns: number; timedRuns: number }> = {
  'tfjs-cpu': { warmupRuns: 2, timedRuns: 10 },
  'tfjs-webgl': { warmupRuns: 3, timedRuns: 15 },
  'tfjs-webgpu': { warmupRuns: 2, timedRuns: 6 },
};
// The lab's default cap: from a cold page, ort-wasm was seen slow for its first ~10 runs (wasm tier-up).
const defaultCounts = { warmupRuns: 30, timedRuns: 30 };

/**
 * The fp32 model (the embedded MobileNetV2) on every TF.js configuration and ort-wasm; the int8 one on the
 * ORT configurations when ../shared has it. ort-webgl is listed although it cannot load the int8 model:
 * its row says why. WebNN is absent on Linux.
 */
const fp32Configs = ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'ort-wasm'];
const int8Configs = ['ort-wasm', 'ort-webgpu', 'ort-webgl'];

export function benchPlan(options: {
  /** The shared ImageNet samples; without them (no ../shared) only the embedded model runs. */
  imagenetDir: string | null;
  only?: string[];
  /** --warmup / --runs: the same counts for every configuration. */
  warmupRuns?: number;
  timedRuns?: number;
}): BenchStep[] {
  const step = (configId: string, modelId: string, imagesDir?: string): BenchStep => ({
    configId,
    modelId,
    imagesDir,
    warmupRuns: options.warmupRuns ?? (counts[configId] ?? defaultCounts).warmupRuns,
    timedRuns: options.timedRuns ?? (counts[configId] ?? defaultCounts).timedRuns,
  });
  const imagenetDir = options.imagenetDir ?? undefined;
  const steps = [
    ...fp32Configs.map((id) => step(id, 'nsfw-mobilenet-v2', imagenetDir)),
    ...(imagenetDir ? int8Configs.map((id) => step(id, 'mobilenetv2-int8', imagenetDir)) : []),
  ];
  return steps.filter((s) => !options.only || options.only.includes(s.configId));
}
