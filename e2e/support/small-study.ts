/** 2 options × 2 variants on 2 sample images with few timed runs: 2 runs of 3 ORT wasm configurations. */
export const smallStudy = {
  name: 'e2e options × variants',
  model: 'nsfw-mobilenet-v2',
  images: { limit: 2 },
  configurations: ['ort-wasm[threads=1]', 'ort-wasm[threads=2]'],
  reference: 'ort-wasm',
  variants: ['original', 'fp16'],
  budgetMinutes: 60,
  warmupRuns: 2,
  timedRuns: 3,
};
