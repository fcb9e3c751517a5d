import type { ConfigId } from './configurations';

/**
 * A set of configurations with options that answers one question; offered by the Lab form and by the
 * CLI's `--preset <id>` (docs/options.md).
 */
export interface OptionPreset {
  id: string;
  name: string;
  purpose: string;
  configIds: readonly ConfigId[];
}

export const optionPresets: readonly OptionPreset[] = [
  {
    id: 'mobile-gpu-precision',
    name: 'mobile GPU precision',
    purpose:
      'Does the model keep its labels when WebGL stores textures as half floats, as many mobile GPUs do? Compares float32 WebGL with forced half-float textures and with float32 rendering turned off.',
    configIds: [
      'tfjs-webgl',
      'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true]',
      'tfjs-webgl[WEBGL_RENDER_FLOAT32_ENABLED=false]',
    ],
  },
  {
    id: 'threads-sweep',
    name: 'threads sweep',
    purpose:
      'How the wasm backends scale with threads on this device: 1, 2 and 4 threads each (more than 1 needs cross-origin isolation).',
    configIds: [
      'tfjs-wasm[threads=1]',
      'tfjs-wasm[threads=2]',
      'tfjs-wasm[threads=4]',
      'ort-wasm[threads=1]',
      'ort-wasm[threads=2]',
      'ort-wasm[threads=4]',
    ],
  },
];

/** The preset a `--preset` flag names, or an error listing the ones there are. */
export function findPreset(id: string): OptionPreset {
  const preset = optionPresets.find((p) => p.id === id);
  if (preset) return preset;
  throw new Error(`--preset ${id}: no such preset; there are ${optionPresets.map((p) => p.id).join(', ')}`);
}
