/** A study offered by name (`npm run lab -- --study <name>`, the Study screen); parsed like a file. */
export interface StudyPreset {
  name: string;
  purpose: string;
  /** The study as a file would give it (see study-definition.ts). */
  study: Record<string, unknown>;
}

export const studyPresets: readonly StudyPreset[] = [
  {
    name: 'options-x-variants',
    purpose:
      'A small study: ORT wasm with 1 and 2 threads, each on the original model and its float16 and int8 variants; 2 sample images, few timed runs.',
    study: {
      name: 'options-x-variants',
      model: 'nsfw-mobilenet-v2',
      images: { limit: 2 },
      configurations: ['ort-wasm[threads=1]', 'ort-wasm[threads=2]'],
      reference: 'ort-wasm',
      variants: ['original', 'fp16', 'int8'],
      budgetMinutes: 20,
      warmupRuns: 2,
      timedRuns: 3,
    },
  },
  {
    name: 'everything',
    purpose:
      'A real study: every browser runtime with its main options, on the original model and its float16, int8 and half-pruned variants, on all sample images.',
    study: {
      name: 'everything',
      model: 'nsfw-mobilenet-v2',
      configurations: [
        'tfjs-wasm[threads=1]',
        'tfjs-wasm[threads=2]',
        'tfjs-webgl',
        'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]',
        'tfjs-webgpu',
        'ort-wasm[threads=1]',
        'ort-wasm[threads=2]',
        'ort-webgpu',
        'ort-webgl',
        'ort-webnn',
      ],
      reference: 'ort-wasm',
      variants: ['original', 'fp16', 'int8', 'prune[sparsity=0.5]'],
      budgetMinutes: 120,
      warmupRuns: 10,
      timedRuns: 20,
    },
  },
];

/** A preset by name; an unknown one says which there are. */
export function studyPreset(name: string): StudyPreset {
  const preset = studyPresets.find((p) => p.name === name);
  if (!preset)
    throw new Error(
      `unknown study preset "${name}" (presets: ${studyPresets.map((p) => p.name).join(', ')})`,
    );
  return preset;
}
