import type { ModelFormat } from '../core/model-manifest';

/** Every runtime configuration Crosscheck knows, in report order. Adding one starts here. */
export const configurations = [
  { id: 'tfjs-cpu', runtime: 'tfjs', backend: 'cpu', label: 'TF.js cpu' },
  { id: 'tfjs-wasm', runtime: 'tfjs', backend: 'wasm', label: 'TF.js wasm' },
  { id: 'tfjs-webgl', runtime: 'tfjs', backend: 'webgl', label: 'TF.js webgl' },
  { id: 'tfjs-webgpu', runtime: 'tfjs', backend: 'webgpu', label: 'TF.js webgpu' },
  { id: 'ort-wasm', runtime: 'ort', backend: 'wasm', label: 'ORT wasm' },
  // The id predates the native EP; stored runs use it for the JavaScript-kernel WebGPU backend (JSEP).
  { id: 'ort-webgpu', runtime: 'ort', backend: 'webgpu', label: 'ORT webgpu (JSEP)' },
  { id: 'ort-webgpu-native', runtime: 'ort', backend: 'webgpu-native', label: 'ORT webgpu (native EP)' },
  { id: 'ort-webgl', runtime: 'ort', backend: 'webgl', label: 'ORT webgl' },
  { id: 'ort-webnn', runtime: 'ort', backend: 'webnn', label: 'ORT webnn' },
  { id: 'litert-wasm', runtime: 'litert', backend: 'wasm', label: 'LiteRT wasm' },
  { id: 'litert-webgpu', runtime: 'litert', backend: 'webgpu', label: 'LiteRT webgpu' },
  { id: 'litert-webnn', runtime: 'litert', backend: 'webnn', label: 'LiteRT webnn' },
] as const;

export type Configuration = (typeof configurations)[number];
export type ConfigId = Configuration['id'];
export type RuntimeName = Configuration['runtime'];

const formatsByRuntime: Record<RuntimeName, readonly ModelFormat[]> = {
  tfjs: ['tfjs-layers', 'tfjs-graph'],
  ort: ['onnx'],
  litert: ['tflite'],
};

export function isConfigId(id: string): id is ConfigId {
  return configurations.some((c) => c.id === id);
}

export function configuration(id: ConfigId): Configuration {
  return configurations.find((c) => c.id === id)!;
}

/** How a configuration runs a model: as it is, through its converted ONNX sibling, or not at all (why). */
export type ConfigurationRoute = { via: 'model' } | { via: 'converted' } | { unsupported: string };

const runtimeLabels: Record<RuntimeName, string> = { tfjs: 'TF.js', ort: 'ORT', litert: 'LiteRT' };

export function routeFor(
  runtime: RuntimeName,
  format: ModelFormat,
  convertedToOnnx: boolean,
): ConfigurationRoute {
  if (formatsByRuntime[runtime].includes(format)) return { via: 'model' };
  if (convertedToOnnx && runtime === 'ort') return { via: 'converted' };
  const sibling = runtime === 'ort' ? ' and the model has no converted ONNX sibling' : '';
  return { unsupported: `${runtimeLabels[runtime]} cannot run ${format} models${sibling}` };
}

/** With `convertedToOnnx`, a TF.js model also runs on the ORT configurations (its converted sibling). */
export function configurationsFor(format: ModelFormat, convertedToOnnx = false): Configuration[] {
  return configurations.filter((c) => !('unsupported' in routeFor(c.runtime, format, convertedToOnnx)));
}

/** The default reference: the plainest, most portable implementation of each format. */
export function defaultReference(format: ModelFormat): ConfigId {
  if (format === 'onnx') return 'ort-wasm';
  return format === 'tflite' ? 'litert-wasm' : 'tfjs-cpu';
}
