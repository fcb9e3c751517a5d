import { AttributeType, DataType } from '../convert/onnx/onnx-schema';
import { toNumber, type OnnxModel, type OnnxNode, type OnnxTensor } from '../convert/onnx/onnx-model';
import { modelOpset } from './model-opset';
import { rawFloats, weightTensors, type WeightTensor } from './weight-tensors';

/** DequantizeLinear takes `axis` (per-channel scales) from opset 13. */
const minimumOpset = 13;

/** Per output channel: the symmetric scale max|w| / 127 (1 for an all-zero channel, which stays zero). */
function channelScales({ tensor, values, channelAxis }: WeightTensor): {
  scales: Float32Array;
  channelOf: (i: number) => number;
} {
  const dims = tensor.dims.map(toNumber);
  const channels = dims[channelAxis];
  const inner = dims.slice(channelAxis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => Math.floor(i / inner) % channels;
  const maxAbs = new Float32Array(channels);
  values.forEach((v, i) => {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c], Math.abs(v));
  });
  return { scales: maxAbs.map((m) => (m > 0 ? m / 127 : 1)), channelOf };
}

/**
 * int8 weight quantization, per output channel, symmetric (zero point 0): each weight tensor is stored as
 * int8 with one float32 scale per output channel, and a `DequantizeLinear(axis)` node gives the consumer
 * float32 again under the weight's own name, so no consumer changes. Activations stay float32: this is the
 * weight-only ("dynamic" in the sense of ORT's quantize_dynamic: nothing calibrated) form every ORT
 * execution provider runs; docs/variants.md says what each does with it.
 */
export function quantizeInt8(model: OnnxModel): { model: OnnxModel; detail: string } {
  const opset = modelOpset(model);
  if (opset < minimumOpset)
    throw new Error(
      `int8: per-channel DequantizeLinear needs ONNX opset ${minimumOpset} or later; the model imports opset ${opset}`,
    );
  const weights = weightTensors(model);
  if (!weights.length)
    throw new Error('int8: the model has no Conv, Gemm or MatMul weight initializer to quantize');
  const quantized = new Set(weights.map((w) => w.tensor.name));
  const added: OnnxTensor[] = [];
  const dequantize: OnnxNode[] = [];
  let maxError = 0;
  for (const weight of weights) {
    const { tensor, values, channelAxis } = weight;
    const { scales, channelOf } = channelScales(weight);
    const q = new Int8Array(values.length);
    values.forEach((v, i) => {
      const s = scales[channelOf(i)];
      q[i] = Math.max(-127, Math.min(127, Math.round(v / s)));
      maxError = Math.max(maxError, Math.abs(q[i] * s - v));
    });
    const channels = [scales.length];
    const name = (part: string) => `${tensor.name}/int8_${part}`;
    added.push(
      { name: name('values'), dims: tensor.dims, dataType: DataType.INT8, rawData: new Uint8Array(q.buffer) },
      { name: name('scale'), dims: channels, dataType: DataType.FLOAT, rawData: rawFloats(scales) },
      { name: name('zero'), dims: channels, dataType: DataType.INT8, rawData: new Uint8Array(scales.length) },
    );
    dequantize.push({
      name: name('dequantize'),
      opType: 'DequantizeLinear',
      input: [name('values'), name('scale'), name('zero')],
      output: [tensor.name],
      attribute: [{ name: 'axis', type: AttributeType.INT, i: channelAxis }],
    });
  }
  const { graph } = model;
  return {
    model: {
      ...model,
      graph: {
        ...graph,
        // Dequantization first: its inputs are initializers, so the node order stays topological.
        node: [...dequantize, ...graph.node],
        initializer: [...graph.initializer.filter((t) => !quantized.has(t.name)), ...added],
        // Older exporters list initializers as inputs too; a quantized weight is no longer one.
        input: graph.input.filter((i) => !quantized.has(i.name)),
      },
    },
    detail: `${weights.length} weight tensors in int8, one scale per output channel, zero point 0 (DequantizeLinear); largest weight error ${maxError.toPrecision(3)}`,
  };
}
