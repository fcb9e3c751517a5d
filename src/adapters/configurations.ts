import type { ModelFormat } from '../core/model-manifest';
import { backendOptions, describeValues, readValue, type OptionValues } from './configuration-options';

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
export type BaseConfigId = Configuration['id'];
/**
 * A configuration is runtime × backend × options: a base id, or a base id with options in the canonical
 * written form `base[key=value,key=value]` (keys sorted), e.g. `tfjs-wasm[threads=2]`.
 */
export type ConfigId = BaseConfigId | `${BaseConfigId}[${string}]`;
export type RuntimeName = Configuration['runtime'];

/** A configuration id read: its base, its options, and the canonical id and short hash they give. */
export interface ParsedConfigId {
  id: ConfigId;
  base: BaseConfigId;
  options: OptionValues;
  /** 8 hex digits of the canonical id (FNV-1a), for file names, DOM ids and keys where brackets do not fit. */
  hash: string;
}

const written = /^([a-z0-9]+(?:-[a-z0-9]+)+)(?:\[([^\]]*)\])?$/;

function isBaseConfigId(id: string): id is BaseConfigId {
  return configurations.some((c) => c.id === id);
}

/** The canonical id: options sorted by key, each value written one way. */
export function canonicalConfigId(base: BaseConfigId, options: OptionValues): ConfigId {
  const keys = Object.keys(options).sort();
  if (!keys.length) return base;
  return `${base}[${keys.map((k) => `${k}=${String(options[k])}`).join(',')}]`;
}

/** FNV-1a over the canonical id: stable across runs, devices and versions. */
export function configHash(id: string): string {
  let hash = 0x811c9dc5;
  for (const char of id) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Reads a configuration as written in the page, the CLI or a campaign plan. Throws naming the configuration
 * and what is wrong: an unknown base, an option the backend does not know (with the ones it does), a bad value.
 */
export function parseConfigId(text: string): ParsedConfigId {
  const match = written.exec(text.trim());
  if (!match)
    throw new Error(
      `configuration "${text}": write it as base or base[key=value,…], e.g. tfjs-wasm[threads=2]`,
    );
  const [, base, list] = match;
  if (!isBaseConfigId(base)) {
    const known = configurations.map((c) => c.id).join(', ');
    throw new Error(`unknown configuration "${base}" (known: ${known})`);
  }
  const table = backendOptions[base] ?? { options: {} };
  const options: Record<string, string | number | boolean> = {};
  for (const pair of list?.trim() ? list.split(',') : []) {
    const [key, value, extra] = pair.split('=').map((part) => part.trim());
    if (!key || value === undefined || extra !== undefined)
      throw new Error(`configuration "${text}": "${pair}" is not key=value`);
    const definition = Object.hasOwn(table.options, key) ? table.options[key] : undefined;
    if (!definition) {
      const known = Object.keys(table.options);
      const its = known.length ? `its options: ${known.join(', ')}` : 'it takes no options';
      throw new Error(
        `configuration "${text}": ${base} has no option "${key}" (${its}${table.note ? `; ${table.note}` : ''})`,
      );
    }
    if (Object.hasOwn(options, key)) throw new Error(`configuration "${text}": option ${key} is given twice`);
    const read = readValue(definition, value);
    if (read === null)
      throw new Error(
        `configuration "${text}": option ${key} must be ${describeValues(definition)}, not "${value}"`,
      );
    options[key] = read;
  }
  const id = canonicalConfigId(base, options);
  return { id, base, options, hash: configHash(id) };
}

const formatsByRuntime: Record<RuntimeName, readonly ModelFormat[]> = {
  tfjs: ['tfjs-layers', 'tfjs-graph'],
  ort: ['onnx'],
  litert: ['tflite'],
};

/** Splits a written list (`tfjs-webgl[WEBGL_PACK=false,WEBGL_CONV_IM2COL=true],ort-wasm`) at the commas between configurations. */
export function splitConfigList(text: string): string[] {
  return (text.match(/[^,[\]]+(?:\[[^\]]*\])?/g) ?? []).map((c) => c.trim()).filter(Boolean);
}

/** True for a canonical configuration id whose base and options are all known. */
export function isConfigId(id: string): id is ConfigId {
  try {
    return parseConfigId(id).id === id;
  } catch {
    return false;
  }
}

/** What a configuration is: its base's runtime and backend, its options, and a label that names them. */
export interface ConfigurationInfo extends ParsedConfigId {
  runtime: RuntimeName;
  backend: Configuration['backend'];
  label: string;
}

export function configuration(id: ConfigId): ConfigurationInfo {
  const parsed = parseConfigId(id);
  const base = configurations.find((c) => c.id === parsed.base)!;
  const suffix = parsed.id.slice(parsed.base.length);
  return { ...parsed, runtime: base.runtime, backend: base.backend, label: `${base.label}${suffix}` };
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
