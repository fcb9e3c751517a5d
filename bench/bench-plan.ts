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
 * Run counts per configuration. 5 + 30 by default; the slow ones on a 2-core machine without a GPU get
 * fewer so the whole bench stays within about 4–5 minutes on a quiet machine (measured there: TF.js webgpu on SwiftShader
 * ≈ 4 s per inference, TF.js cpu ≈ 1.2 s, TF.js webgl ≈ 0.6 s, everything else < 0.3 s).
 */
const counts: Record<string, { warmupRuns: number; timedRuns: number }> = {
  'tfjs-cpu': { warmupRuns: 3, timedRuns: 15 },
  'tfjs-webgl': { warmupRuns: 3, timedRuns: 20 },
  'tfjs-webgpu': { warmupRuns: 2, timedRuns: 8 },
};
const defaultCounts = { warmupRuns: 5, timedRuns: 30 };

/** ort-webgl is listed although it cannot load the int8 model: its row says why. WebNN is absent on Linux. */
const tfjsConfigs = ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'];
const ortConfigs = ['ort-wasm', 'ort-webgpu', 'ort-webgl'];

export function benchPlan(options: {
  /** The shared ImageNet samples; without them (no ../shared) only the embedded TF.js model runs. */
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
  const imagenetDir = options.imagenetDir;
  const steps = [
    ...tfjsConfigs.map((id) => step(id, 'nsfw-mobilenet-v2')),
    ...(imagenetDir ? ortConfigs.map((id) => step(id, 'mobilenetv2-int8', imagenetDir)) : []),
  ];
  return steps.filter((s) => !options.only || options.only.includes(s.configId));
}
