import { emitActivation, emitClip, withActivation } from '../shared/activation';
import type { Weight } from '../shared/decode-weights';
import type { DerivedNames, EmitContext } from '../shared/emit-context';
import { attr, type Value } from '../shared/graph-builder';
import { nchwOrder, normalAxis, onnxAxis, resolveReshape } from '../shared/shapes';
import { convNode, poolNode, spatialPadding } from '../shared/spatial-ops';
import type { FaultKind } from './faults';
import type { LayerSpec } from './layers-topology';
import { z } from 'zod';

export interface LayerContext extends EmitContext {
  layer: LayerSpec;
  inputs: Value[];
  /** The layer's weight by Keras key (`kernel`, `bias`, `gamma`, ...); throws naming it when missing. */
  weight(key: string): Weight;
  /** The fault to seed in this layer, if any. */
  fault: FaultKind | null;
}

type Converter = (ctx: LayerContext) => Value;

/** The ONNX names derived from a layer: `<layer>/<part>`. */
export const layerNames = (layer: string): DerivedNames => ({
  kernel: `${layer}/kernel`,
  bias: `${layer}/bias`,
  preactivation: `${layer}/preactivation`,
  activation: `${layer}/activation`,
  clipMin: `${layer}/clip_min`,
  clipMax: `${layer}/clip_max`,
});

function pair(value: unknown, fallback: number): [number, number] {
  if (value === undefined || value === null) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  const list = value as number[];
  return [list[0], list[1]];
}

/** The activation a Conv or Dense layer fuses, by Keras name. */
const activationOf = (ctx: LayerContext) => {
  const activation = ctx.layer.config.activation ?? 'linear';
  return typeof activation === 'string' ? activation : JSON.stringify(activation);
};

function only4d(ctx: LayerContext): Value {
  const x = ctx.inputs[0];
  if (!x.nchw) ctx.fail(`expects a 4D image tensor, got shape [${x.shape.join(', ')}]`);
  if ((ctx.layer.config.data_format ?? 'channels_last') !== 'channels_last')
    ctx.fail(`data_format ${String(ctx.layer.config.data_format)} is not supported`);
  return x;
}

/** TF padding of the layer's `padding` config, with the seeded padding fault applied. */
function padsFor(
  ctx: LayerContext,
  x: Value,
  kernel: [number, number],
  strides: [number, number],
  dilation: [number, number],
) {
  const padding = ctx.layer.config.padding ?? 'valid';
  if (padding !== 'same' && padding !== 'valid')
    ctx.fail(`padding ${JSON.stringify(padding)} is not supported`);
  const { pads, out } = spatialPadding(ctx, x, kernel, strides, dilation, padding);
  return { pads: ctx.fault === 'padding' ? misplacedPads(pads) : pads, out };
}

/** The seeded padding fault: the padding moved to the other side (or all to the end when symmetric). */
function misplacedPads([top, left, bottom, right]: number[]): number[] {
  if (top === bottom && left === right) return [0, 0, top + bottom, left + right];
  return [bottom, right, top, left];
}

const conv: Converter = (ctx) => {
  const x = only4d(ctx);
  const c = ctx.layer.config;
  const depthwise = ctx.layer.className === 'DepthwiseConv2D';
  const kernel = pair(c.kernel_size, 1);
  const strides = pair(c.strides, 1);
  const dilation = pair(c.dilation_rate, 1);
  if ((c.groups ?? 1) !== 1) ctx.fail(`groups ${String(c.groups)} is not supported`);
  const k = ctx.weight(depthwise ? 'depthwise_kernel' : 'kernel');
  const channels = x.shape[3]!;
  if (k.shape[0] !== kernel[0] || k.shape[1] !== kernel[1] || k.shape[2] !== channels) {
    ctx.fail(
      `kernel shape [${k.shape.join(', ')}] does not fit kernel_size ${kernel.join('×')} on ${channels} input channels`,
    );
  }
  const { pads, out } = padsFor(ctx, x, kernel, strides, dilation);
  const { inputs, attributes, outChannels } = convNode(ctx, x, {
    kernel: k,
    bias: c.use_bias !== false ? ctx.weight('bias').values : null,
    depthwise,
    strides,
    dilations: dilation,
    pads,
  });
  const name = withActivation(ctx, activationOf(ctx), 1, (output) =>
    ctx.g.node('Conv', ctx.layer.name, inputs, [output], attributes),
  );
  return { name, shape: [null, out[0], out[1], outChannels], nchw: true };
};

const pool: Converter = (ctx) => {
  const x = only4d(ctx);
  const c = ctx.layer.config;
  const kernel = pair(c.pool_size, 2);
  const strides = pair(c.strides ?? c.pool_size, 2);
  const { pads, out } = padsFor(ctx, x, kernel, strides, [1, 1]);
  const { op, attributes } = poolNode(ctx.layer.className === 'MaxPooling2D', kernel, strides, pads);
  ctx.g.node(op, ctx.layer.name, [x.name], [ctx.layer.name], attributes);
  return { name: ctx.layer.name, shape: [null, out[0], out[1], x.shape[3]], nchw: true };
};

const globalPool: Converter = (ctx) => {
  const x = only4d(ctx);
  const keepdims = ctx.layer.config.keepdims === true;
  const op = ctx.layer.className === 'GlobalMaxPooling2D' ? 'ReduceMax' : 'ReduceMean';
  ctx.g.node(
    op,
    ctx.layer.name,
    [x.name],
    [ctx.layer.name],
    [attr.ints('axes', [2, 3]), attr.int('keepdims', keepdims ? 1 : 0)],
  );
  return keepdims
    ? { name: ctx.layer.name, shape: [null, 1, 1, x.shape[3]], nchw: true }
    : { name: ctx.layer.name, shape: [null, x.shape[3]], nchw: false };
};

const batchNorm: Converter = (ctx) => {
  const x = ctx.inputs[0];
  const c = ctx.layer.config;
  const rank = x.shape.length;
  const axis = Array.isArray(c.axis) ? (c.axis as number[])[0] : Number(c.axis ?? -1);
  if ((axis < 0 ? axis + rank : axis) !== rank - 1) ctx.fail(`axis ${axis} is not the channel axis`);
  if (rank !== 4 && rank !== 2) ctx.fail(`input rank ${rank} is not supported`);
  const channels = x.shape[rank - 1]!;
  const filled = (value: number) => ({ shape: [channels], values: new Float32Array(channels).fill(value) });
  const name = ctx.layer.name;
  const inputs = [
    x.name,
    ctx.g.floats(`${name}/gamma`, [channels], (c.scale === false ? filled(1) : ctx.weight('gamma')).values),
    ctx.g.floats(`${name}/beta`, [channels], (c.center === false ? filled(0) : ctx.weight('beta')).values),
    ctx.g.floats(`${name}/moving_mean`, [channels], ctx.weight('moving_mean').values),
    ctx.g.floats(`${name}/moving_variance`, [channels], ctx.weight('moving_variance').values),
  ];
  // The seeded fault drops the attribute, so ONNX's default epsilon (1e-5) applies instead of Keras's.
  const attributes = ctx.fault === 'bn-epsilon' ? [] : [attr.float('epsilon', Number(c.epsilon ?? 1e-3))];
  ctx.g.node('BatchNormalization', name, inputs, [name], attributes);
  return { ...x, name };
};

const activationLayer: Converter = (ctx) => {
  const x = ctx.inputs[0];
  const name = emitActivation(
    ctx,
    String(ctx.layer.config.activation),
    x.name,
    ctx.layer.name,
    ctx.layer.name,
    onnxAxis(ctx, x, -1),
  );
  if (name === x.name) ctx.g.node('Identity', ctx.layer.name, [x.name], [ctx.layer.name]);
  return { ...x, name: ctx.layer.name };
};

const relu: Converter = (ctx) => {
  const x = ctx.inputs[0];
  const c = ctx.layer.config;
  if (Number(c.threshold ?? 0) !== 0) ctx.fail(`threshold ${String(c.threshold)} is not supported`);
  const slope = Number(c.negative_slope ?? 0);
  const max = c.max_value === null || c.max_value === undefined ? null : Number(c.max_value);
  const name = ctx.layer.name;
  if (slope !== 0 && max !== null) ctx.fail('negative_slope together with max_value is not supported');
  if (slope !== 0) ctx.g.node('LeakyRelu', name, [x.name], [name], [attr.float('alpha', slope)]);
  else if (max !== null) emitClip(ctx, name, x.name, name, 0, max);
  else ctx.g.node('Relu', name, [x.name], [name]);
  return { ...x, name };
};

const leakyRelu: Converter = (ctx) => {
  const x = ctx.inputs[0];
  ctx.g.node(
    'LeakyRelu',
    ctx.layer.name,
    [x.name],
    [ctx.layer.name],
    [attr.float('alpha', Number(ctx.layer.config.alpha ?? 0.3))],
  );
  return { ...x, name: ctx.layer.name };
};

const softmax: Converter = (ctx) => {
  const x = ctx.inputs[0];
  const axis = onnxAxis(ctx, x, Number(ctx.layer.config.axis ?? -1));
  ctx.g.node('Softmax', ctx.layer.name, [x.name], [ctx.layer.name], [attr.int('axis', axis)]);
  return { ...x, name: ctx.layer.name };
};

const add: Converter = (ctx) => {
  const [first] = ctx.inputs;
  if (ctx.inputs.some((v) => v.nchw !== first.nchw || v.shape.join() !== first.shape.join())) {
    ctx.fail(`inputs of different shapes: ${ctx.inputs.map((v) => `[${v.shape.join(', ')}]`).join(' ')}`);
  }
  ctx.g.node(
    ctx.inputs.length === 2 ? 'Add' : 'Sum',
    ctx.layer.name,
    ctx.inputs.map((v) => v.name),
    [ctx.layer.name],
  );
  return { ...first, name: ctx.layer.name };
};

const concatenate: Converter = (ctx) => {
  const [first] = ctx.inputs;
  if (ctx.inputs.some((v) => v.nchw !== first.nchw)) ctx.fail('inputs of different ranks');
  const keras = Number(ctx.layer.config.axis ?? -1);
  const normal = normalAxis(ctx, keras, first.shape.length);
  const shape = [...first.shape];
  shape[normal] = ctx.inputs.reduce(
    (sum, v) => (sum === null || v.shape[normal] === null ? null : sum + v.shape[normal]),
    0 as number | null,
  );
  ctx.g.node(
    'Concat',
    ctx.layer.name,
    ctx.inputs.map((v) => v.name),
    [ctx.layer.name],
    [attr.int('axis', onnxAxis(ctx, first, keras))],
  );
  return { name: ctx.layer.name, shape, nchw: first.nchw };
};

const padPair = z.tuple([z.number(), z.number()]);
/** ZeroPadding2D's padding: one int, (rows, cols) or ((top, bottom), (left, right)), as pairs per axis. */
const zeroPaddingSpec = z.union([
  z.number().transform((n): [[number, number], [number, number]] => [
    [n, n],
    [n, n],
  ]),
  padPair.transform(([h, w]): [[number, number], [number, number]] => [
    [h, h],
    [w, w],
  ]),
  z.tuple([padPair, padPair]),
]);

const zeroPadding: Converter = (ctx) => {
  const x = only4d(ctx);
  const p = zeroPaddingSpec.safeParse(ctx.layer.config.padding);
  const [[top, bottom], [left, right]] = p.success
    ? p.data
    : ctx.fail(
        `padding ${JSON.stringify(ctx.layer.config.padding)} is not an int, a pair or a pair of pairs`,
      );
  let [t, l, b, r] = [top, left, bottom, right];
  if (ctx.fault === 'padding') [t, l, b, r] = misplacedPads([t, l, b, r]);
  const pads = ctx.g.int64s(`${ctx.layer.name}/pads`, [0, 0, t, l, 0, 0, b, r]);
  ctx.g.node('Pad', ctx.layer.name, [x.name, pads], [ctx.layer.name]);
  const grow = (d: number | null, by: number) => (d === null ? null : d + by);
  return {
    name: ctx.layer.name,
    shape: [null, grow(x.shape[1], top + bottom), grow(x.shape[2], left + right), x.shape[3]],
    nchw: true,
  };
};

const flatten: Converter = (ctx) => {
  const x = ctx.inputs[0];
  // Flatten's element order is the source's channels-last order: transpose back before flattening.
  const source = ctx.g.toNhwc(x, `${ctx.layer.name}/nhwc`);
  ctx.g.node('Flatten', ctx.layer.name, [source], [ctx.layer.name], [attr.int('axis', 1)]);
  const size = x.shape.slice(1).reduce((a: number | null, b) => (a === null || b === null ? null : a * b), 1);
  return { name: ctx.layer.name, shape: [null, size], nchw: false };
};

const reshape: Converter = (ctx) => {
  const x = ctx.inputs[0];
  // Keras saves an inferred dimension as -1 or null.
  const target = (ctx.layer.config.target_shape as (number | null)[]).map((d) => d ?? -1);
  const resolved = resolveReshape(x.shape.slice(1), target);
  const source = ctx.g.toNhwc(x, `${ctx.layer.name}/nhwc`);
  const shape = ctx.g.int64s(`${ctx.layer.name}/shape`, [0, ...target]);
  const nchw = target.length === 3;
  const out = nchw ? `${ctx.layer.name}/reshaped` : ctx.layer.name;
  ctx.g.node('Reshape', `${ctx.layer.name}/reshape`, [source, shape], [out]);
  if (nchw) ctx.g.transpose(out, ctx.layer.name, nchwOrder);
  return { name: ctx.layer.name, shape: [null, ...resolved], nchw };
};

const dense: Converter = (ctx) => {
  const x = ctx.inputs[0];
  if (x.shape.length !== 2)
    ctx.fail(`Dense on a rank-${x.shape.length} input is not supported (add a Flatten)`);
  const k = ctx.weight('kernel');
  if (k.shape[0] !== x.shape[1]) ctx.fail(`kernel [${k.shape.join(', ')}] does not fit ${x.shape[1]} inputs`);
  const units = k.shape[1];
  const inputs = [x.name, ctx.g.floats(`${ctx.layer.name}/kernel`, k.shape, k.values)];
  if (ctx.layer.config.use_bias !== false)
    inputs.push(ctx.g.floats(`${ctx.layer.name}/bias`, [units], ctx.weight('bias').values));
  const name = withActivation(ctx, activationOf(ctx), 1, (output) =>
    ctx.g.node(inputs.length === 3 ? 'Gemm' : 'MatMul', ctx.layer.name, inputs, [output]),
  );
  return { name, shape: [null, units], nchw: false };
};

const identity: Converter = (ctx) => {
  const x = ctx.inputs[0];
  ctx.g.node('Identity', ctx.layer.name, [x.name], [ctx.layer.name]);
  return { ...x, name: ctx.layer.name };
};

/** Every supported Keras layer class. Anything else stops the conversion, naming class and layer. */
export const layerConverters: Record<string, Converter> = {
  Conv2D: conv,
  DepthwiseConv2D: conv,
  MaxPooling2D: pool,
  AveragePooling2D: pool,
  GlobalAveragePooling2D: globalPool,
  GlobalMaxPooling2D: globalPool,
  BatchNormalization: batchNorm,
  Activation: activationLayer,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  Softmax: softmax,
  Add: add,
  Concatenate: concatenate,
  ZeroPadding2D: zeroPadding,
  Flatten: flatten,
  Reshape: reshape,
  Dense: dense,
  Dropout: identity,
};
