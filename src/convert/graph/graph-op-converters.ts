import { emitActivation, withActivation } from '../shared/activation';
import type { Weight } from '../shared/decode-weights';
import type { DerivedNames, EmitContext } from '../shared/emit-context';
import { attr, type Value } from '../shared/graph-builder';
import { nchwAxis, nchwOrder, normalAxis, onnxAxis, resolveReshape } from '../shared/shapes';
import { convNode, poolNode, spatialPadding, type TfPadding } from '../shared/spatial-ops';
import type { Layouts } from './graph-layouts';
import type { GraphNode, NodeAttrs } from './graph-topology';

export interface OpContext extends EmitContext {
  node: GraphNode;
  attrs: NodeAttrs;
  layouts: Layouts;
  isConstant(index: number): boolean;
  /** Input `index` as a graph value; a constant input becomes an initializer. */
  value(index: number): Value;
  /** Input `index`'s constant value (weights, axes, shapes); fails naming the node when it is computed. */
  constant(index: number): Weight;
}

type OpConverter = (ctx: OpContext) => Value;

/** The ONNX names derived from a node: `<node>#<part>` (`#` cannot occur in TF node names). */
export const nodeNames = (node: string): DerivedNames => ({
  kernel: `${node}#kernel`,
  bias: `${node}#bias`,
  preactivation: `${node}#pre`,
  activation: node,
  clipMin: `${node}#min`,
  clipMax: `${node}#max`,
});

const known = (d: number | null, ctx: OpContext, what: string): number =>
  d === null ? ctx.fail(`needs a fixed ${what}`) : d;

function nhwcOnly(ctx: OpContext): void {
  const format = ctx.attrs.string('data_format', 'NHWC');
  if (format !== 'NHWC') ctx.fail(`data_format ${format} is not supported (only NHWC)`);
}

/**
 * Fused ops of _FusedConv2D / FusedDepthwiseConv2dNative / _FusedMatMul: optional BiasAdd, then
 * optional Relu/Relu6 (as its Keras activation name; `linear` when there is none).
 */
function fusedOps(ctx: OpContext): { bias: boolean; activation: string } {
  const ops = ctx.attrs.strings('fused_ops');
  const bias = ops[0] === 'BiasAdd';
  const rest = bias ? ops.slice(1) : ops;
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'Relu' && rest[0] !== 'Relu6'))
    ctx.fail(`fused ops [${ops.join(', ')}] are not supported (BiasAdd, Relu, Relu6)`);
  if (bias && ctx.attrs.int('num_args', 1) !== 1)
    ctx.fail(`BiasAdd with num_args ${ctx.attrs.int('num_args', 1)}`);
  return { bias, activation: rest[0]?.toLowerCase() ?? 'linear' };
}

/** The node's `padding` (SAME, VALID or EXPLICIT with `explicit_paddings`). */
function paddingOf(ctx: OpContext): TfPadding {
  const padding = ctx.attrs.string('padding');
  if (padding === 'EXPLICIT') return { explicit: ctx.attrs.ints('explicit_paddings') };
  if (padding === 'SAME' || padding === 'VALID') return padding === 'SAME' ? 'same' : 'valid';
  return ctx.fail(`padding ${padding} is not supported`);
}

/** [1, h, w, 1] attribute → [h, w]. */
function spatial(ctx: OpContext, name: string, fallback?: number[]): number[] {
  const v = ctx.attrs.ints(name, fallback);
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1) ctx.fail(`${name} [${v.join(', ')}] is not [1, h, w, 1]`);
  return [v[1], v[2]];
}

const conv: OpConverter = (ctx) => {
  nhwcOnly(ctx);
  const depthwise = ctx.node.op.includes('Depthwise');
  const fused = ctx.node.op === '_FusedConv2D' || ctx.node.op === 'FusedDepthwiseConv2dNative';
  const { bias, activation } = fused ? fusedOps(ctx) : { bias: false, activation: 'linear' };
  const input = ctx.value(0);
  if (input.shape.length !== 4) ctx.fail(`expects a 4D NHWC input, got shape [${input.shape.join(', ')}]`);
  const x = ctx.layouts.nchw(input);
  const k = ctx.constant(1);
  const channels = known(x.shape[3], ctx, 'channel count');
  if (k.shape.length !== 4 || k.shape[2] !== channels)
    ctx.fail(`filter shape [${k.shape.join(', ')}] does not fit ${channels} input channels`);
  const strides = spatial(ctx, 'strides');
  const dilations = spatial(ctx, 'dilations', [1, 1, 1, 1]);
  const kernel = [k.shape[0], k.shape[1]];
  const { pads, out } = spatialPadding(ctx, x, kernel, strides, dilations, paddingOf(ctx));
  const { inputs, attributes, outChannels } = convNode(ctx, x, {
    kernel: k,
    bias: bias ? ctx.constant(2).values : null,
    depthwise,
    strides,
    dilations,
    pads,
  });
  const name = withActivation(ctx, activation, 1, (output) =>
    ctx.g.node('Conv', output, inputs, [output], attributes),
  );
  return { name, shape: [x.shape[0], out[0], out[1], outChannels], nchw: true };
};

const pool: OpConverter = (ctx) => {
  nhwcOnly(ctx);
  const input = ctx.value(0);
  if (input.shape.length !== 4) ctx.fail(`expects a 4D NHWC input, got shape [${input.shape.join(', ')}]`);
  const x = ctx.layouts.nchw(input);
  const kernel = spatial(ctx, 'ksize');
  const strides = spatial(ctx, 'strides');
  const { pads, out } = spatialPadding(ctx, x, kernel, strides, [1, 1], paddingOf(ctx));
  const { op, attributes } = poolNode(ctx.node.op === 'MaxPool', kernel, strides, pads);
  ctx.g.node(op, ctx.node.name, [x.name], [ctx.node.name], attributes);
  return { name: ctx.node.name, shape: [x.shape[0], out[0], out[1], x.shape[3]], nchw: true };
};

const matMul: OpConverter = (ctx) => {
  const { bias, activation } =
    ctx.node.op === '_FusedMatMul' ? fusedOps(ctx) : { bias: false, activation: 'linear' };
  const a = ctx.value(0);
  const b = ctx.value(1);
  if (a.shape.length !== 2 || b.shape.length !== 2)
    ctx.fail(`only rank-2 operands are supported, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  const transA = ctx.attrs.bool('transpose_a');
  const transB = ctx.attrs.bool('transpose_b');
  const inputs = [a.name, b.name];
  if (bias) inputs.push(ctx.value(2).name);
  const attributes = [attr.int('transA', transA ? 1 : 0), attr.int('transB', transB ? 1 : 0)];
  const name = withActivation(ctx, activation, 1, (output) =>
    ctx.g.node('Gemm', output, inputs, [output], attributes),
  );
  return { name, shape: [a.shape[transA ? 1 : 0], b.shape[transB ? 0 : 1]], nchw: false };
};

/** Numpy broadcasting of source shapes. */
function broadcast(ctx: OpContext, shapes: (number | null)[][]): (number | null)[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => {
    const dims = shapes
      .map((s) => (s.length - rank + i >= 0 ? s[s.length - rank + i] : 1))
      .filter((d) => d !== 1);
    const fixed = dims.filter((d) => d !== null);
    if (new Set(fixed).size > 1)
      ctx.fail(`shapes ${shapes.map((s) => `[${s.join(', ')}]`).join(' and ')} do not broadcast`);
    return dims.length === 0 ? 1 : (fixed[0] ?? null);
  });
}

/**
 * Operands of an elementwise op in one layout: NCHW when every computed operand is 4D and one
 * already is NCHW (constants are laid out to match), otherwise the source layout.
 */
function aligned(
  ctx: OpContext,
  indices: number[],
): { names: string[]; shapes: (number | null)[][]; nchw: boolean } {
  const computed = indices.filter((i) => !ctx.isConstant(i)).map((i) => ctx.value(i));
  const nchw = computed.some((v) => v.nchw) && computed.every((v) => v.shape.length === 4);
  const values = indices.map((i) => {
    if (ctx.isConstant(i)) {
      const weight = ctx.constant(i);
      if (!nchw) return ctx.layouts.constant(ctx.node.inputs[i], weight);
      if (weight.shape.length > 4) ctx.fail(`constant ${ctx.node.inputs[i]} of rank ${weight.shape.length}`);
      return ctx.layouts.constantNchw(ctx.node.inputs[i], weight);
    }
    const v = ctx.value(i);
    return nchw ? ctx.layouts.nchw(v) : ctx.layouts.nhwc(v);
  });
  return {
    names: values.map((v) => v.name),
    shapes: indices.map((i) => (ctx.isConstant(i) ? ctx.constant(i).shape : ctx.value(i).shape)),
    nchw,
  };
}

const binaryOps: Record<string, string> = {
  BiasAdd: 'Add',
  Add: 'Add',
  AddV2: 'Add',
  Sub: 'Sub',
  Mul: 'Mul',
};

const binary: OpConverter = (ctx) => {
  if (ctx.node.op === 'BiasAdd') nhwcOnly(ctx);
  const { names, shapes, nchw } = aligned(ctx, [0, 1]);
  ctx.g.node(binaryOps[ctx.node.op], ctx.node.name, names, [ctx.node.name]);
  return { name: ctx.node.name, shape: broadcast(ctx, shapes), nchw };
};

const activation: OpConverter = (ctx) => {
  const x = ctx.value(0);
  emitActivation(ctx, ctx.node.op.toLowerCase(), x.name, ctx.node.name, ctx.node.name, 1);
  return { ...x, name: ctx.node.name };
};

const softmax: OpConverter = (ctx) => {
  const x = ctx.value(0);
  ctx.g.node('Softmax', ctx.node.name, [x.name], [ctx.node.name], [attr.int('axis', onnxAxis(ctx, x, -1))]);
  return { ...x, name: ctx.node.name };
};

const identity: OpConverter = (ctx) => ctx.value(0);

const ints = (w: Weight) => Array.from(w.values, (v) => Math.round(v));

/**
 * A value for an op that drops `axes` (Mean without keep_dims, Squeeze): an NCHW value can stay
 * NCHW only if the remaining axes are then in source order, as for H and W dropped from NCHW.
 */
function forDropping(ctx: OpContext, x: Value, axes: number[]): Value {
  if (!x.nchw) return x;
  const remaining = nchwOrder.filter((a) => !axes.includes(a));
  return remaining.every((a, i) => i === 0 || remaining[i - 1] < a) ? x : ctx.layouts.nhwc(x);
}

const normalAxes = (ctx: OpContext, axes: number[], rank: number) =>
  axes.map((a) => normalAxis(ctx, a, rank));

const mean: OpConverter = (ctx) => {
  const input = ctx.value(0);
  const axes = normalAxes(ctx, ints(ctx.constant(1)), input.shape.length);
  // No reduction indices: TF returns the input (ONNX ReduceMean would reduce every axis).
  if (!axes.length) return input;
  const keep = ctx.attrs.bool('keep_dims');
  const x = keep ? input : forDropping(ctx, input, axes);
  const onnxAxes = axes.map((a) => onnxAxis(ctx, x, a));
  ctx.g.node(
    'ReduceMean',
    ctx.node.name,
    [x.name],
    [ctx.node.name],
    [attr.ints('axes', onnxAxes), attr.int('keepdims', keep ? 1 : 0)],
  );
  const shape = keep
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  return { name: ctx.node.name, shape, nchw: x.nchw && keep };
};

const squeeze: OpConverter = (ctx) => {
  const input = ctx.value(0);
  const dims = ctx.attrs.ints('squeeze_dims', ctx.attrs.ints('axis', []));
  const axes = dims.length
    ? normalAxes(ctx, dims, input.shape.length)
    : input.shape.flatMap((d, i) =>
        d === 1 ? [i] : d === null ? ctx.fail('squeezes all size-1 axes of an unknown shape') : [],
      );
  for (const a of axes) if (input.shape[a] !== 1) ctx.fail(`axis ${a} has size ${input.shape[a]}, not 1`);
  const x = forDropping(ctx, input, axes);
  const onnxAxes = ctx.g.int64s(
    `${ctx.node.name}#axes`,
    axes.map((a) => onnxAxis(ctx, x, a)),
  );
  ctx.g.node('Squeeze', ctx.node.name, [x.name, onnxAxes], [ctx.node.name]);
  return { name: ctx.node.name, shape: x.shape.filter((_, i) => !axes.includes(i)), nchw: false };
};

const concat: OpConverter = (ctx) => {
  const count = ctx.node.inputs.length - 1;
  const first = ctx.isConstant(0) ? ctx.constant(0).shape : ctx.value(0).shape;
  const axis = normalAxes(ctx, ints(ctx.constant(count)), first.length)[0];
  const { names, shapes, nchw } = aligned(
    ctx,
    Array.from({ length: count }, (_, i) => i),
  );
  const shape = [...first];
  shape[axis] = shapes.reduce<number | null>(
    (sum, s) => (sum === null || s[axis] === null ? null : sum + s[axis]),
    0,
  );
  ctx.g.node(
    'Concat',
    ctx.node.name,
    names,
    [ctx.node.name],
    [attr.int('axis', nchw ? nchwAxis[axis] : axis)],
  );
  return { name: ctx.node.name, shape, nchw };
};

const pad: OpConverter = (ctx) => {
  const x = ctx.value(0);
  const p = ints(ctx.constant(1));
  const rank = x.shape.length;
  if (p.length !== rank * 2) ctx.fail(`paddings of ${p.length} values for rank ${rank}`);
  const order = x.nchw ? nchwOrder : x.shape.map((_, i) => i);
  const pads = ctx.g.int64s(`${ctx.node.name}#pads`, [
    ...order.map((a) => p[a * 2]),
    ...order.map((a) => p[a * 2 + 1]),
  ]);
  ctx.g.node('Pad', ctx.node.name, [x.name, pads], [ctx.node.name]);
  const shape = x.shape.map((d, i) => (d === null ? null : d + p[i * 2] + p[i * 2 + 1]));
  return { name: ctx.node.name, shape, nchw: x.nchw };
};

const reshape: OpConverter = (ctx) => {
  // Reshape's element order is the source's channels-last order.
  const x = ctx.layouts.nhwc(ctx.value(0));
  const target = ints(ctx.constant(1));
  if (target.includes(0)) ctx.fail('a 0 in the target shape is not supported');
  const shape = resolveReshape(x.shape, target);
  const shapeName = ctx.g.int64s(`${ctx.node.name}#shape`, target);
  ctx.g.node('Reshape', ctx.node.name, [x.name, shapeName], [ctx.node.name]);
  return { name: ctx.node.name, shape, nchw: false };
};

/** Every supported TF op. Anything else stops the conversion, naming the op and the node. */
export const opConverters: Record<string, OpConverter> = {
  Identity: identity,
  Conv2D: conv,
  _FusedConv2D: conv,
  DepthwiseConv2dNative: conv,
  FusedDepthwiseConv2dNative: conv,
  MatMul: matMul,
  _FusedMatMul: matMul,
  BiasAdd: binary,
  Add: binary,
  AddV2: binary,
  Sub: binary,
  Mul: binary,
  Relu: activation,
  Relu6: activation,
  Mean: mean,
  MaxPool: pool,
  AvgPool: pool,
  ConcatV2: concat,
  Pad: pad,
  Reshape: reshape,
  Squeeze: squeeze,
  Softmax: softmax,
};
