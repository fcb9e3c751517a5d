import { float32ToFloat16 } from '../core/float16';
import { AttributeType, DataType } from '../convert/onnx/onnx-schema';
import {
  floatData,
  toNumber,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from '../convert/onnx/onnx-model';

/**
 * Ops whose ONNX type constraints take float16 for every float input (opset 13 and later). An op outside
 * this list keeps float32: Casts go around it and the variant's detail names it.
 */
const float16Ops = new Set([
  'Abs',
  'Add',
  'AveragePool',
  'BatchNormalization',
  'Clip',
  'Concat',
  'Constant',
  'Conv',
  'ConvTranspose',
  'Div',
  'Dropout',
  'Elu',
  'Exp',
  'Flatten',
  'Gather',
  'Gemm',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'HardSigmoid',
  'HardSwish',
  'Identity',
  'LeakyRelu',
  'Log',
  'MatMul',
  'Max',
  'MaxPool',
  'Mean',
  'Min',
  'Mul',
  'Neg',
  'Pad',
  'Pow',
  'PRelu',
  'ReduceMax',
  'ReduceMean',
  'ReduceSum',
  'Relu',
  'Reshape',
  'Selu',
  'Sigmoid',
  'Slice',
  'Softmax',
  'Softplus',
  'Split',
  'Sqrt',
  'Squeeze',
  'Sub',
  'Sum',
  'Tanh',
  'Transpose',
  'Unsqueeze',
]);
/** Ops whose outputs are never float whatever their inputs (indices, shapes, booleans). */
const nonFloatOutputs = new Set([
  'ArgMax',
  'ArgMin',
  'NonZero',
  'Shape',
  'Size',
  'Equal',
  'Greater',
  'GreaterOrEqual',
  'Less',
  'LessOrEqual',
  'Not',
  'And',
  'Or',
  'Xor',
  'IsNaN',
  'IsInf',
]);

function toHalf(tensor: OnnxTensor): OnnxTensor {
  const values = tensor.rawData?.length ? floatData(tensor) : Float32Array.from(tensor.floatData ?? []);
  const halves = Uint16Array.from(values, float32ToFloat16);
  return {
    name: tensor.name,
    dims: tensor.dims,
    dataType: DataType.FLOAT16,
    rawData: new Uint8Array(halves.buffer),
  };
}

function cast(input: string, output: string, to: number): OnnxNode {
  return {
    name: `${output}/cast`,
    opType: 'Cast',
    input: [input],
    output: [output],
    attribute: [{ name: 'to', type: AttributeType.INT, i: to }],
  };
}

/** Which tensors of the original graph hold float32, from the inputs, initializers and each op's rule. */
function float32Tensors(model: OnnxModel): Set<string> {
  const { graph } = model;
  const floats = new Set<string>([
    ...graph.input.filter((i) => i.type?.tensorType.elemType === DataType.FLOAT).map((i) => i.name),
    ...graph.initializer.filter((t) => t.dataType === DataType.FLOAT).map((t) => t.name),
  ]);
  for (const node of graph.node) {
    const value = node.attribute.find((a) => a.name === 'value')?.t;
    const float =
      node.opType === 'Cast'
        ? toNumber(node.attribute.find((a) => a.name === 'to')?.i) === DataType.FLOAT
        : node.opType === 'Constant'
          ? value?.dataType === DataType.FLOAT
          : !nonFloatOutputs.has(node.opType) && node.input.some((i) => floats.has(i));
    // TopK's and MaxPool's second outputs are indices.
    if (float) node.output.slice(0, 1).forEach((o) => floats.add(o));
    if (float && !['TopK', 'MaxPool'].includes(node.opType)) node.output.forEach((o) => floats.add(o));
  }
  return floats;
}

/**
 * The float16 variant: float32 initializers and constants stored as float16 and every op that takes it
 * computing in float16, with Casts at the graph's float inputs and outputs so the model's interface (and
 * the lab's input bytes) stay float32. Ops without float16 in their type constraints keep float32 with
 * Casts around them; the detail names them. Values past ±65504 saturate.
 */
export function toFloat16(model: OnnxModel): { model: OnnxModel; detail: string } {
  const { graph } = model;
  const floats = float32Tensors(model);
  const inputs = graph.input.filter(
    (i) => floats.has(i.name) && !graph.initializer.some((t) => t.name === i.name),
  );
  const outputs = graph.output.filter((o) => floats.has(o.name));
  // Inside the graph a float tensor is float16 under a new name where its float32 name stays at the interface.
  const inside = new Map<string, string>([
    ...inputs.map((i): [string, string] => [i.name, `${i.name}/fp16`]),
    ...outputs.map((o): [string, string] => [o.name, `${o.name}/fp16`]),
  ]);
  const rename = (name: string) => inside.get(name) ?? name;
  const kept = new Map<string, number>();
  const widened = new Set<string>();
  const nodes: OnnxNode[] = inputs.map((i) => cast(i.name, rename(i.name), DataType.FLOAT16));
  for (const original of graph.node) {
    const node = { ...original, input: original.input.map(rename), output: original.output.map(rename) };
    if (float16Ops.has(node.opType)) {
      const attribute = node.attribute.map((a) =>
        a.type === AttributeType.TENSOR && a.t?.dataType === DataType.FLOAT ? { ...a, t: toHalf(a.t) } : a,
      );
      nodes.push({ ...node, attribute });
      continue;
    }
    if (
      node.opType === 'Cast' &&
      toNumber(node.attribute.find((a) => a.name === 'to')?.i) === DataType.FLOAT
    ) {
      // A cast to float32 inside the graph now casts to float16.
      nodes.push({ ...node, attribute: [{ name: 'to', type: AttributeType.INT, i: DataType.FLOAT16 }] });
      continue;
    }
    kept.set(node.opType, (kept.get(node.opType) ?? 0) + 1);
    const input = node.input.map((name, i) => {
      if (!floats.has(original.input[i])) return name;
      // One cast per tensor, however many kept ops read it.
      if (!widened.has(name)) nodes.push(cast(name, `${name}/fp32`, DataType.FLOAT));
      widened.add(name);
      return `${name}/fp32`;
    });
    const output = node.output.map((name, i) => (floats.has(original.output[i]) ? `${name}/fp32` : name));
    nodes.push({ ...node, input, output });
    output.forEach((name, i) => {
      if (name !== node.output[i]) nodes.push(cast(name, node.output[i], DataType.FLOAT16));
    });
  }
  nodes.push(...outputs.map((o) => cast(rename(o.name), o.name, DataType.FLOAT)));
  const initializer = graph.initializer.map((t) => (t.dataType === DataType.FLOAT ? toHalf(t) : t));
  const keptList = [...kept].map(([op, n]) => `${op}×${n}`).join(', ');
  return {
    model: { ...model, graph: { ...graph, node: nodes, initializer } },
    detail: `float16 initializers and ops, float32 at the inputs and outputs; kept in float32: ${keptList || 'none'}`,
  };
}
