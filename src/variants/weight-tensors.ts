import { DataType } from '../convert/onnx/onnx-schema';
import {
  floatData,
  toNumber,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from '../convert/onnx/onnx-model';

/** A float32 initializer a Conv, Gemm or MatMul multiplies by, and the axis of its output channels. */
export interface WeightTensor {
  tensor: OnnxTensor;
  values: Float32Array;
  /** The axis whose slices feed one output channel each (Conv: 0; Gemm: 0 or 1 by transB; MatMul: last). */
  channelAxis: number;
}

function intAttribute(node: OnnxNode, name: string): number {
  return toNumber(node.attribute.find((a) => a.name === name)?.i);
}

function channelAxis(node: OnnxNode, rank: number): number | null {
  switch (node.opType) {
    case 'Conv':
      return 0;
    case 'ConvTranspose':
      return 1;
    case 'Gemm':
      return intAttribute(node, 'transB') ? 0 : 1;
    case 'MatMul':
      return rank - 1;
    default:
      return null;
  }
}

/**
 * The weights that quantization, pruning and weight noise touch: the second input of Conv, ConvTranspose,
 * Gemm and MatMul when it is a float32 initializer of rank 2 or more. Biases, normalization parameters and
 * other constants are left alone. In graph order, each once (a shared weight keeps its first consumer's axis).
 */
export function weightTensors(model: OnnxModel): WeightTensor[] {
  const initializers = new Map(model.graph.initializer.map((t) => [t.name, t]));
  const found = new Map<string, WeightTensor>();
  for (const node of model.graph.node) {
    const tensor = initializers.get(node.input[1] ?? '');
    if (!tensor || found.has(tensor.name) || tensor.dataType !== DataType.FLOAT) continue;
    const rank = tensor.dims.length;
    const axis = channelAxis(node, rank);
    if (axis === null || rank < 2) continue;
    found.set(tensor.name, { tensor, values: floatData(tensor), channelAxis: axis });
  }
  return [...found.values()];
}

/** float32 values as an initializer's raw_data (little-endian, as every target platform is). */
export function rawFloats(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** The model with some initializers' values replaced, the rest shared with the original (never modified). */
export function withInitializerValues(
  model: OnnxModel,
  values: ReadonlyMap<string, Float32Array>,
): OnnxModel {
  const initializer = model.graph.initializer.map((t) => {
    const replaced = values.get(t.name);
    return replaced ? { name: t.name, dims: t.dims, dataType: t.dataType, rawData: rawFloats(replaced) } : t;
  });
  return { ...model, graph: { ...model.graph, initializer } };
}
