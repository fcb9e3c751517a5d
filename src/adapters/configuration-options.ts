/**
 * The options each backend takes, one table: the configuration-id parser checks written options against
 * it, the worker applies them, and docs/options.md describes them. An option changes how a backend runs
 * the same model (threads, texture precision, kernel paths, graph rewrites), never the model or its input.
 */
export type OptionDefinition = { description: string } & (
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'choice'; values: readonly string[] }
);

export type OptionValue = number | boolean | string;
/** Options as written in a configuration id, by name; a backend's default stands for any left out. */
export type OptionValues = Readonly<Record<string, OptionValue>>;

export interface BackendOptions {
  options: Readonly<Record<string, OptionDefinition>>;
  /** Said when an option is refused, e.g. why a backend has no precision flag. */
  note?: string;
}

const threads: OptionDefinition = {
  kind: 'integer',
  min: 1,
  max: 16,
  description:
    'threads the wasm runtime runs with (recorded as read back after initialisation); more than 1 needs cross-origin isolation',
};

const webglFlag = (description: string): OptionDefinition => ({ kind: 'boolean', description });

const graphOptimizationLevel: OptionDefinition = {
  kind: 'choice',
  values: ['disabled', 'basic', 'extended', 'layout', 'all'],
  description: 'ORT graph optimisation level (session option; the lab default is all)',
};

const ortWebGpu: BackendOptions = {
  options: {
    graphOptimizationLevel,
    preferredLayout: {
      kind: 'choice',
      values: ['NCHW', 'NHWC'],
      description: 'tensor layout the WebGPU provider prefers for convolutions (its default is NHWC)',
    },
    graphCapture: {
      kind: 'boolean',
      description: 'session option enableGraphCapture: replay the recorded GPU commands (static shapes only)',
    },
    'shader-f16': {
      kind: 'boolean',
      description:
        "whether ORT's WebGPU device has the shader-f16 feature; true on an adapter that does not offer it is reported unsupported",
    },
  },
};

/** Keyed by base configuration id (see configurations.ts); a backend missing here takes no options. */
export const backendOptions: Readonly<Record<string, BackendOptions>> = {
  'tfjs-wasm': { options: { threads } },
  'tfjs-webgl': {
    options: {
      WEBGL_PACK: webglFlag('packed textures: four values per texel, and the packed kernels'),
      WEBGL_FORCE_F16_TEXTURES: webglFlag(
        'store textures as half floats, as mobile GPUs without float32 render targets do',
      ),
      WEBGL_CONV_IM2COL: webglFlag('convolution as im2col followed by a matrix multiply'),
      WEBGL_RENDER_FLOAT32_ENABLED: webglFlag(
        'whether float32 textures may be rendered to; false makes TF.js fall back to half floats',
      ),
    },
  },
  'tfjs-webgpu': {
    options: {},
    note: 'TF.js WebGPU has no precision flag: it computes in float32 whatever the adapter offers',
  },
  'ort-wasm': { options: { threads, graphOptimizationLevel } },
  'ort-webgpu': ortWebGpu,
  'ort-webgpu-native': ortWebGpu,
  'ort-webgl': { options: { graphOptimizationLevel } },
  'ort-webnn': { options: { graphOptimizationLevel } },
};

/** Describes the values an option takes, for refusals and the docs. */
export function describeValues(definition: OptionDefinition): string {
  switch (definition.kind) {
    case 'integer':
      return `an integer from ${definition.min} to ${definition.max}`;
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${definition.values.join(', ')}`;
  }
}

/** The value as written, checked against its definition; null when it is not one the option takes. */
export function readValue(definition: OptionDefinition, written: string): OptionValue | null {
  switch (definition.kind) {
    case 'integer': {
      if (!/^(0|[1-9]\d*)$/.test(written)) return null;
      const n = Number(written);
      return n >= definition.min && n <= definition.max ? n : null;
    }
    case 'boolean':
      return written === 'true' ? true : written === 'false' ? false : null;
    case 'choice':
      return definition.values.includes(written) ? written : null;
  }
}
