import type { TensorDtype } from '../core/tensor';
import {
  decodeModel,
  toNumber,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from '../convert/onnx/onnx-model';
import { onnxTypes } from '../convert/onnx/onnx-schema';
import { encodeMessage } from '../convert/onnx/proto-codec';

/** A quantized tensor's real value is (q - zeroPoint) * scale; the scale is one quantization step. */
export interface Quantization {
  scale: number;
  zeroPoint: number;
}

/** One node of the graph as localization reports it: what it is, and what its outputs carry. */
export interface GraphNode {
  name: string;
  opType: string;
  domain: string;
  attributes: Record<string, string>;
  inputs: string[];
  /** `dtype` is null where the graph does not say it (the output is then exposed untyped). */
  outputs: { name: string; dtype: TensorDtype | null; quantization: Quantization | null }[];
}

export interface ExposedModel {
  /** The model with every node output that a runtime can hand back declared a graph output. */
  bytes: Uint8Array;
  /** Every node in graph order (ONNX requires topological order). */
  nodes: GraphNode[];
  /** The model's own outputs, before exposing. */
  outputs: string[];
  /** Every output to ask a run for: the model's own, then each node output in graph order. */
  names: string[];
  /** The graph inputs a run feeds (initializers left out). */
  inputs: string[];
}

/** ONNX TensorProto.DataType → the contract's dtype; a type the lab does not carry is left out. */
const dtypeOf: Record<number, TensorDtype> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
};
const elemTypeOf = Object.fromEntries(Object.entries(dtypeOf).map(([k, v]) => [v, Number(k)])) as Record<
  TensorDtype,
  number
>;

/** Where each quantized op takes its output's scale and zero point (ONNX and com.microsoft). */
const outputQuantInputs: Record<string, [number, number]> = {
  QuantizeLinear: [1, 2],
  QLinearConv: [6, 7],
  QLinearMatMul: [6, 7],
  QLinearAdd: [6, 7],
  QLinearMul: [6, 7],
  QLinearGlobalAveragePool: [3, 4],
  QLinearAveragePool: [3, 4],
  QLinearSigmoid: [3, 4],
  QLinearLeakyRelu: [3, 4],
};
/** Ops whose output keeps the first input's type and quantization (they move or select values). */
const passThrough = new Set([
  'Reshape',
  'Flatten',
  'Squeeze',
  'Unsqueeze',
  'Transpose',
  'MaxPool',
  'Gather',
  'Slice',
  'Identity',
  'Concat',
  'Relu',
  'Pad',
]);
const fixedType: Record<string, TensorDtype> = {
  Shape: 'int64',
  Size: 'int64',
  ArgMax: 'int64',
  ArgMin: 'int64',
  NonZero: 'int64',
  DequantizeLinear: 'float32',
  Equal: 'bool',
  Less: 'bool',
  Greater: 'bool',
  Not: 'bool',
  And: 'bool',
  Or: 'bool',
};

/** The first value of a scalar initializer, wherever the exporter put it (raw_data, float_data, int32_data). */
function scalar(tensor: OnnxTensor): number {
  if (tensor.floatData?.length) return tensor.floatData[0];
  if (tensor.int32Data?.length) return tensor.int32Data[0];
  const raw = tensor.rawData;
  if (!raw?.length) throw new Error(`initializer ${tensor.name} has no value`);
  const view = new DataView(new Uint8Array(raw).buffer);
  switch (dtypeOf[tensor.dataType]) {
    case 'float32':
      return view.getFloat32(0, true);
    case 'uint8':
      return view.getUint8(0);
    case 'int8':
      return view.getInt8(0);
    case 'int32':
      return view.getInt32(0, true);
    default:
      throw new Error(
        `initializer ${tensor.name}: element type ${tensor.dataType} is not a scale or zero point`,
      );
  }
}

function attributeText(node: OnnxNode): Record<string, string> {
  const text: Record<string, string> = {};
  for (const a of node.attribute) {
    if (a.s) text[a.name] = new TextDecoder().decode(a.s);
    else if (a.ints?.length) text[a.name] = JSON.stringify(a.ints.map(toNumber));
    else if (a.floats?.length) text[a.name] = JSON.stringify(a.floats);
    else text[a.name] = String(a.f ?? toNumber(a.i));
  }
  return text;
}

/** Each node's output types, inferred forward from the graph inputs and initializers. */
function describeNodes(model: OnnxModel): GraphNode[] {
  const types = new Map<string, TensorDtype>();
  const quant = new Map<string, Quantization | null>();
  const initializers = new Map(model.graph.initializer.map((t) => [t.name, t]));
  for (const input of model.graph.input) {
    const dtype = dtypeOf[input.type?.tensorType.elemType ?? 0];
    if (dtype) types.set(input.name, dtype);
  }
  for (const t of model.graph.initializer) {
    const dtype = dtypeOf[t.dataType];
    if (dtype) types.set(t.name, dtype);
  }
  return model.graph.node.map((node): GraphNode => {
    const quantInputs = outputQuantInputs[node.opType];
    let dtype: TensorDtype | undefined = fixedType[node.opType];
    let quantization: Quantization | null = null;
    if (quantInputs) {
      const [scaleName, zeroName] = quantInputs.map((i) => node.input[i]);
      const zero = zeroName ? initializers.get(zeroName) : undefined;
      const scale = initializers.get(scaleName);
      dtype = zero ? dtypeOf[zero.dataType] : 'uint8';
      if (scale) quantization = { scale: scalar(scale), zeroPoint: zero ? scalar(zero) : 0 };
    } else if (node.opType === 'Cast') {
      dtype = dtypeOf[toNumber(node.attribute.find((a) => a.name === 'to')?.i)];
    } else if (!dtype) {
      dtype = types.get(node.input[0]);
      if (passThrough.has(node.opType)) quantization = quant.get(node.input[0]) ?? null;
    }
    const outputs = node.output
      .filter((name) => name !== '')
      .map((name) => ({ name, dtype: dtype ?? null, quantization }));
    for (const o of outputs) {
      if (o.dtype) types.set(o.name, o.dtype);
      quant.set(o.name, o.quantization);
    }
    return {
      name: node.name || node.output[0],
      opType: node.opType,
      domain: node.domain ?? '',
      attributes: attributeText(node),
      inputs: node.input,
      outputs,
    };
  });
}

/**
 * Declares every node output a graph output, so one run hands back every intermediate tensor.
 * The original bytes are kept as they are and a second `graph` field carrying only the new outputs is
 * appended: protobuf merges repeated occurrences of a message field, so nothing the project's codec
 * does not model (external data, typed value lists, doc strings) is lost in a re-encode.
 * Outputs are declared with their element type where it is inferred (ORT's webgl backend refuses an
 * untyped graph output; wasm infers it), never with a shape. Used by localization and by the model
 * conformance run (src/lab/conformance/run-model-conformance.ts), which feeds each node its real inputs.
 */
export function exposeNodeOutputs(modelBytes: Uint8Array): ExposedModel {
  const model = decodeModel(modelBytes);
  const nodes = describeNodes(model);
  const declared = new Set(model.graph.output.map((o) => o.name));
  const added = nodes
    .flatMap((n) => n.outputs)
    .filter((o) => !declared.has(o.name))
    .map((o) =>
      o.dtype ? { name: o.name, type: { tensorType: { elemType: elemTypeOf[o.dtype] } } } : { name: o.name },
    );
  const extra = encodeMessage(onnxTypes, 'ModelProto', { graph: { output: added } });
  const bytes = new Uint8Array(modelBytes.length + extra.length);
  bytes.set(modelBytes);
  bytes.set(extra, modelBytes.length);
  const outputs = [...declared];
  const initializers = new Set(model.graph.initializer.map((t) => t.name));
  const inputs = model.graph.input.map((i) => i.name).filter((name) => !initializers.has(name));
  return { bytes, nodes, outputs, names: [...outputs, ...added.map((o) => o.name)], inputs };
}
