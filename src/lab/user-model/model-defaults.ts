import { parseModelJson } from '../../adapters/fetch-model-files';
import type { ModelFiles } from '../../adapters/runtime-adapter';
import { readTopology } from '../../convert/layers/layers-topology';
import type { ModelFormat } from '../../core/model-manifest';
import { decodeModel, toNumber, type OnnxValueInfo } from '../../convert/onnx/onnx-model';
import { readTfliteSignature } from '../../core/tflite/read-tflite-signature';

/** What the model itself says about its input and output; absent where it does not say. */
export interface ModelDefaults {
  size?: [number, number];
  layout: 'NHWC' | 'NCHW';
  output?: 'probabilities' | 'logits';
  classes?: number;
  inputName?: string;
  /** uint8 for a quantized TFLite model that takes raw pixels. */
  inputDtype?: 'float32' | 'uint8';
}

const positive = (d: unknown): d is number => typeof d === 'number' && d > 0;

function layersDefaults(json: unknown): ModelDefaults {
  const topology = readTopology(json as { modelTopology?: unknown });
  const [, h, w] = topology.inputShape;
  const last = topology.layers.find((l) => l.name === topology.outputName);
  const activation = last?.className === 'Softmax' ? 'softmax' : last?.config.activation;
  const units = last?.config.units;
  return {
    size: positive(h) && positive(w) ? [h, w] : undefined,
    layout: 'NHWC',
    output: activation === 'softmax' ? 'probabilities' : 'logits',
    classes: positive(units) ? units : undefined,
  };
}

/** A graph model's signature: inputs and outputs with their tensor shapes. */
function graphDefaults(json: unknown): ModelDefaults {
  type Signature = Record<string, { tensorShape?: { dim?: { size?: string | number }[] } }>;
  const signature = (json as { signature?: { inputs?: Signature; outputs?: Signature } }).signature;
  const dims = (s?: Signature) =>
    Object.values(s ?? {})[0]?.tensorShape?.dim?.map((d) => Number(d.size)) ?? [];
  const [, h, w] = dims(signature?.inputs);
  const classes = dims(signature?.outputs).at(-1);
  return {
    size: positive(h) && positive(w) ? [h, w] : undefined,
    layout: 'NHWC',
    classes: positive(classes) ? classes : undefined,
  };
}

function shapeOf(info: OnnxValueInfo): (number | null)[] {
  return (info.type?.tensorType.shape?.dim ?? []).map((d) =>
    'dimValue' in d && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : null,
  );
}

function onnxDefaults(bytes: ArrayBuffer, entry: string): ModelDefaults {
  let graph;
  try {
    graph = decodeModel(new Uint8Array(bytes)).graph;
  } catch (error) {
    throw new Error(`${entry}: not an ONNX file (${(error as Error).message})`);
  }
  // Old exporters list initializers among the inputs too.
  const weights = new Set(graph?.initializer?.map((t) => t.name));
  const input = graph?.input?.find((i) => !weights.has(i.name));
  if (!input || !graph.output?.length)
    throw new Error(`${entry}: not an ONNX model (its graph has no inputs or outputs)`);
  const shape = shapeOf(input);
  const classes = shapeOf(graph.output[0]).at(-1);
  const channelsFirst = shape[1] === 3 || shape[3] !== 3;
  const [h, w] = channelsFirst ? [shape[2], shape[3]] : [shape[1], shape[2]];
  return {
    size: positive(h) && positive(w) ? [h, w] : undefined,
    layout: channelsFirst ? 'NCHW' : 'NHWC',
    classes: positive(classes) ? classes : undefined,
    inputName: input.name,
  };
}

/** TFLite models are NHWC; a quantized one takes uint8 pixels (its input quantization maps them). */
function tfliteDefaults(bytes: ArrayBuffer, entry: string): ModelDefaults {
  const { inputs, outputs } = readTfliteSignature(new Uint8Array(bytes), entry);
  const [input] = inputs;
  if (!input || !outputs.length) throw new Error(`${entry}: not a TFLite model (no inputs or outputs)`);
  if (input.dtype !== 'float32' && input.dtype !== 'uint8') {
    throw new Error(
      `${entry}: input "${input.name}" is ${input.tfliteType}; the lab feeds float32 or uint8 images`,
    );
  }
  const shape = input.shape ?? [];
  const channelsFirst = shape[1] === 3 && shape[3] !== 3;
  const [h, w] = channelsFirst ? [shape[2], shape[3]] : [shape[1], shape[2]];
  const classes = outputs[0].shape?.at(-1);
  // TFLite quantizes a softmax to uint8 with scale 1/256 and zero point 0, so that output says probabilities.
  const q = outputs[0].quantization;
  const softmax = outputs[0].dtype === 'uint8' && q?.scale[0] === 1 / 256 && q.zeroPoint[0] === 0;
  return {
    size: positive(h) && positive(w) ? [h, w] : undefined,
    layout: channelsFirst ? 'NCHW' : 'NHWC',
    output: softmax ? 'probabilities' : undefined,
    classes: positive(classes) ? classes : undefined,
    inputName: input.name,
    inputDtype: input.dtype,
  };
}

/** Reads the input size, layout and output of a loaded model, to fill the preprocessing form. */
export function modelDefaults(format: ModelFormat, files: ModelFiles): ModelDefaults {
  const bytes = files.files[files.entry];
  if (format === 'onnx') return onnxDefaults(bytes, files.entry);
  if (format === 'tflite') return tfliteDefaults(bytes, files.entry);
  const json = parseModelJson(bytes, files.entry);
  return format === 'tfjs-graph' ? graphDefaults(json) : layersDefaults(json);
}
