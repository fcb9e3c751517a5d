import type { OnnxNode } from '../convert/onnx/onnx-model';
import { floatAttr, intAttr, intsAttr, stringAttr } from './node-attributes';

export type FuzzDtype = 'float32' | 'uint8' | 'int32' | 'int64';
export type ConstData = Float32Array | Uint8Array | Int32Array | BigInt64Array;

/**
 * What the generator knows of a value without running anything: its dtype and shape, an upper bound on
 * |value| (interval propagation, so the fuzzer can keep every intermediate finite), and the data of a
 * constant (an initializer).
 */
export interface ValueFacts {
  dtype: FuzzDtype;
  shape: number[];
  bound: number;
  data?: ConstData;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const numbers = (data: ConstData | undefined) => Array.from(data ?? [], Number);

function fail(node: OnnxNode, why: string): never {
  throw new Error(`${node.name} (${node.opType}): ${why}`);
}

function need(node: OnnxNode, inputs: readonly (ValueFacts | undefined)[], i: number): ValueFacts {
  return inputs[i] ?? fail(node, `input ${i} (${node.input[i] ?? 'absent'}) is missing`);
}

function expectDtype(node: OnnxNode, value: ValueFacts, dtype: FuzzDtype, what: string): void {
  if (value.dtype !== dtype) fail(node, `${what} is ${value.dtype}, expected ${dtype}`);
}

function expectRank(node: OnnxNode, value: ValueFacts, rank: number, what: string): void {
  if (value.shape.length !== rank) fail(node, `${what} has rank ${value.shape.length}, expected ${rank}`);
}

function constant(node: OnnxNode, value: ValueFacts, what: string): number[] {
  return value.data ? numbers(value.data) : fail(node, `${what} must be an initializer`);
}

/** NumPy broadcasting, as ONNX's multidirectional broadcast. */
export function broadcast(node: OnnxNode, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[i - rank + a.length] ?? 1;
    const y = b[i - rank + b.length] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      fail(node, `shapes [${a.join(',')}] and [${b.join(',')}] do not broadcast`);
    return Math.max(x, y);
  });
}

/**
 * One spatial output size of a sliding window. In ceil mode ORT's kernel drops a last window that would
 * start in the tail padding, and ONNX's shape inference (which ORT also runs at session creation) does
 * not: a size where they differ is refused (null), as ORT refuses such a graph.
 */
export function windowOutput(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  padHead: number,
  padTail: number,
  ceilMode: boolean,
): number | null {
  const span = dilation * (kernel - 1) + 1;
  const room = input + padHead + padTail - span;
  if (room < 0) return 0;
  const out = (ceilMode ? Math.ceil(room / stride) : Math.floor(room / stride)) + 1;
  return ceilMode && (out - 1) * stride >= input + padHead ? null : out;
}

function spatial(
  node: OnnxNode,
  x: ValueFacts,
  kernel: readonly number[],
  ceilMode: boolean,
  pool: boolean,
): number[] {
  const strides = intsAttr(node, 'strides', [1, 1]);
  const dilations = intsAttr(node, 'dilations', [1, 1]);
  const pads = intsAttr(node, 'pads', [0, 0, 0, 0]);
  if (strides.length !== 2 || dilations.length !== 2 || pads.length !== 4 || kernel.length !== 2)
    fail(node, 'strides, dilations and kernel take 2 values, pads 4');
  if ([...strides, ...dilations, ...kernel].some((v) => v < 1))
    fail(node, 'strides, dilations, kernel must be ≥ 1');
  if (pads.some((p) => p < 0)) fail(node, 'pads must be ≥ 0');
  const out = [0, 1].map((i) =>
    windowOutput(x.shape[2 + i], kernel[i], strides[i], dilations[i], pads[i], pads[i + 2], ceilMode),
  );
  if (out.includes(null))
    fail(node, 'ceil_mode: the last window would start in the padding (ORT and ONNX disagree on the size)');
  if (out.some((o) => o! < 1))
    fail(node, `the window is larger than the padded input [${x.shape.join(',')}]`);
  // A pool window wholly inside the padding has nothing to pool (ORT refuses it).
  if (pool && [0, 1].some((i) => pads[i] >= kernel[i] || pads[i + 2] >= kernel[i]))
    fail(node, 'pads must be smaller than the kernel');
  return out as number[];
}

/** The largest sum of |weight| over one output channel of a [M, ...] weight (the gain of a Conv or Gemm column). */
function rowGain(weights: readonly number[], rows: number, offset = 0, scale = 1): number {
  const per = weights.length / rows;
  let gain = 0;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let i = 0; i < per; i++) sum += Math.abs((weights[r * per + i] - offset) * scale);
    gain = Math.max(gain, sum);
  }
  return gain;
}

function conv(node: OnnxNode, x: ValueFacts, w: ValueFacts): number[] {
  expectRank(node, x, 4, 'X');
  expectRank(node, w, 4, 'W');
  const group = intAttr(node, 'group', 1);
  const [n, c] = x.shape;
  const [m, cPerGroup, kh, kw] = w.shape;
  if (group < 1 || c % group || m % group) fail(node, `group ${group} must divide C ${c} and M ${m}`);
  if (cPerGroup * group !== c)
    fail(node, `W has ${cPerGroup} input channels per group, X has ${c} / ${group}`);
  const kernel = intsAttr(node, 'kernel_shape', [kh, kw]);
  if (kernel[0] !== kh || kernel[1] !== kw) fail(node, 'kernel_shape does not match W');
  return [n, m, ...spatial(node, x, kernel, false, false)];
}

function gemm(node: OnnxNode, a: ValueFacts, b: ValueFacts, c: ValueFacts | undefined): ValueFacts {
  expectRank(node, a, 2, 'A');
  expectRank(node, b, 2, 'B');
  const [m, k] = intAttr(node, 'transA', 0) ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = intAttr(node, 'transB', 0) ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2) fail(node, `inner dimensions ${k} and ${k2} differ`);
  if (c) {
    const shape = broadcast(node, [m, n], c.shape);
    if (shape[0] !== m || shape[1] !== n)
      fail(node, `C [${c.shape.join(',')}] does not broadcast to [${m},${n}]`);
  }
  const alpha = floatAttr(node, 'alpha', 1);
  const beta = floatAttr(node, 'beta', 1);
  // B's gain per output column: transpose when B is stored [K, N].
  const weights = b.data ? numbers(b.data) : null;
  let gain = k * b.bound;
  if (weights) {
    const columns = intAttr(node, 'transB', 0)
      ? weights
      : Array.from({ length: k * n }, (_, i) => weights[(i % k) * n + Math.floor(i / k)]);
    gain = rowGain(columns, n);
  }
  const bound = Math.abs(alpha) * a.bound * gain + Math.abs(beta) * (c ? c.bound : 0);
  return { dtype: 'float32', shape: [m, n], bound };
}

function reshape(node: OnnxNode, x: ValueFacts, target: readonly number[]): number[] {
  const shape = target.map((d, i) =>
    d === 0 ? (x.shape[i] ?? fail(node, `0 at ${i} copies no dimension`)) : d,
  );
  const known = shape.filter((d) => d !== -1);
  if (shape.length - known.length > 1) fail(node, 'more than one -1');
  if (known.some((d) => d < 1)) fail(node, `bad target shape [${target.join(',')}]`);
  const rest = size(x.shape) / size(known);
  if (!Number.isInteger(rest) || (known.length === shape.length && rest !== 1))
    fail(node, `[${x.shape.join(',')}] cannot be reshaped to [${target.join(',')}]`);
  return shape.map((d) => (d === -1 ? rest : d));
}

function axisOf(node: OnnxNode, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) fail(node, `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/**
 * Shape, dtype and value bound of a node's outputs from its inputs' facts (opset 13; QLinearConv 10),
 * or an error naming the node and what makes it invalid. The one shape inference the generator builds
 * with and the tests check graphs against.
 */
export function inferNode(node: OnnxNode, inputs: readonly (ValueFacts | undefined)[]): ValueFacts[] {
  const x = need(node, inputs, 0);
  const float = (shape: number[], bound: number): ValueFacts[] => [{ dtype: 'float32', shape, bound }];
  const op = node.opType;
  if (op !== 'DequantizeLinear' && op !== 'QLinearConv') expectDtype(node, x, 'float32', 'X');
  switch (op) {
    case 'Relu':
      return float(x.shape, x.bound);
    case 'Sigmoid':
      return float(x.shape, 1);
    case 'Tanh':
      return float(x.shape, Math.min(1, x.bound));
    case 'Softmax':
      axisOf(node, intAttr(node, 'axis', -1), x.shape.length);
      return float(x.shape, 1);
    case 'Clip': {
      const [min, max] = [1, 2].map((i) =>
        inputs[i] ? constant(node, inputs[i], `input ${i}`)[0] : undefined,
      );
      if (min !== undefined && max !== undefined && min > max) fail(node, `min ${min} > max ${max}`);
      return float(x.shape, Math.max(x.bound, Math.abs(min ?? 0), Math.abs(max ?? 0)));
    }
    case 'Add':
    case 'Mul': {
      const y = need(node, inputs, 1);
      expectDtype(node, y, 'float32', 'B');
      const bound = op === 'Add' ? x.bound + y.bound : x.bound * y.bound;
      return float(broadcast(node, x.shape, y.shape), bound);
    }
    case 'Concat': {
      const all = node.input.map((_, i) => need(node, inputs, i));
      const axis = axisOf(node, intAttr(node, 'axis', 0), x.shape.length);
      for (const other of all)
        if (
          other.shape.length !== x.shape.length ||
          other.shape.some((d, i) => i !== axis && d !== x.shape[i])
        )
          fail(node, `[${other.shape.join(',')}] and [${x.shape.join(',')}] differ off axis ${axis}`);
      const shape = x.shape.map((d, i) => (i === axis ? all.reduce((s, v) => s + v.shape[i], 0) : d));
      return float(shape, Math.max(...all.map((v) => v.bound)));
    }
    case 'Reshape':
      return float(reshape(node, x, constant(node, need(node, inputs, 1), 'shape')), x.bound);
    case 'Transpose': {
      const perm = intsAttr(
        node,
        'perm',
        x.shape.map((_, i) => x.shape.length - 1 - i),
      );
      if ([...perm].sort().join() !== x.shape.map((_, i) => i).join())
        fail(node, `perm ${perm.join(',')} is not a permutation`);
      return float(
        perm.map((p) => x.shape[p]),
        x.bound,
      );
    }
    case 'ReduceMean': {
      const axes = intsAttr(
        node,
        'axes',
        x.shape.map((_, i) => i),
      ).map((a) => axisOf(node, a, x.shape.length));
      if (new Set(axes).size !== axes.length) fail(node, 'repeated axes');
      const keep = intAttr(node, 'keepdims', 1) === 1;
      const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
      return float(shape, x.bound);
    }
    case 'Pad': {
      const pads = constant(node, need(node, inputs, 1), 'pads');
      const rank = x.shape.length;
      if (pads.length !== 2 * rank || pads.some((p) => p < 0))
        fail(node, `pads needs ${2 * rank} values ≥ 0`);
      const mode = stringAttr(node, 'mode', 'constant');
      if (mode === 'reflect' && pads.some((p, i) => p > x.shape[i % rank] - 1))
        fail(node, 'reflect pads must be smaller than the dimension');
      const value = inputs[2] ? Math.abs(constant(node, inputs[2], 'constant_value')[0]) : 0;
      return float(
        x.shape.map((d, i) => d + pads[i] + pads[i + rank]),
        Math.max(x.bound, value),
      );
    }
    case 'Resize': {
      expectRank(node, x, 4, 'X');
      const scales = constant(node, need(node, inputs, 2), 'scales');
      if (scales.length !== 4 || scales[0] !== 1 || scales[1] !== 1)
        fail(node, 'scales must be [1, 1, h, w]');
      const shape = x.shape.map((d, i) => Math.floor(d * scales[i]));
      if (shape.some((d) => d < 1)) fail(node, `scales ${scales.join(',')} leave an empty output`);
      const mode = stringAttr(node, 'mode', 'nearest');
      if (mode !== 'nearest' && mode !== 'linear')
        fail(node, `mode ${mode}: the fuzzer keeps to nearest and linear`);
      return float(shape, x.bound);
    }
    case 'MaxPool':
    case 'AveragePool': {
      expectRank(node, x, 4, 'X');
      const kernel = intsAttr(node, 'kernel_shape', []);
      const out = spatial(node, x, kernel, intAttr(node, 'ceil_mode', 0) === 1, true);
      return float([x.shape[0], x.shape[1], ...out], x.bound);
    }
    case 'GlobalAveragePool':
      expectRank(node, x, 4, 'X');
      return float([x.shape[0], x.shape[1], 1, 1], x.bound);
    case 'Conv': {
      const w = need(node, inputs, 1);
      const b = inputs[2];
      const shape = conv(node, x, w);
      if (b && (b.shape.length !== 1 || b.shape[0] !== shape[1])) fail(node, `B must be [${shape[1]}]`);
      const gain = w.data ? rowGain(numbers(w.data), w.shape[0]) : size(w.shape.slice(1)) * w.bound;
      return float(shape, x.bound * gain + (b ? b.bound : 0));
    }
    case 'Gemm':
      return [gemm(node, x, need(node, inputs, 1), inputs[2])];
    case 'QuantizeLinear': {
      const scale = constant(node, need(node, inputs, 1), 'y_scale');
      if (scale.length !== 1 || !(scale[0] > 0)) fail(node, 'y_scale must be one positive value');
      expectDtype(node, need(node, inputs, 2), 'uint8', 'y_zero_point');
      return [{ dtype: 'uint8', shape: x.shape, bound: 255 }];
    }
    case 'DequantizeLinear': {
      expectDtype(node, x, 'uint8', 'x');
      const [scale] = constant(node, need(node, inputs, 1), 'x_scale');
      const [zero] = constant(node, need(node, inputs, 2), 'x_zero_point');
      return float(x.shape, Math.max(zero, 255 - zero) * scale);
    }
    case 'QLinearConv': {
      expectDtype(node, x, 'uint8', 'x');
      const w = need(node, inputs, 3);
      expectDtype(node, w, 'uint8', 'w');
      for (const i of [1, 4, 6]) expectDtype(node, need(node, inputs, i), 'float32', `input ${i} (scale)`);
      for (const i of [2, 5, 7]) expectDtype(node, need(node, inputs, i), 'uint8', `input ${i} (zero point)`);
      const shape = conv(node, x, w);
      const b = inputs[8];
      if (b && (b.dtype !== 'int32' || b.shape.join() !== String(shape[1])))
        fail(node, `B must be int32 [${shape[1]}]`);
      return [{ dtype: 'uint8', shape, bound: 255 }];
    }
    default:
      return fail(node, 'not an operator the fuzzer generates');
  }
}
