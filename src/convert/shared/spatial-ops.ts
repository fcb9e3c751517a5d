import type { Weight } from './decode-weights';
import type { EmitContext } from './emit-context';
import { attr, type Value } from './graph-builder';
import { depthwiseToOnnx, hwioToOihw, transpose4d } from './weight-layout';

/** TF padding: SAME, VALID, or EXPLICIT with TF's `explicit_paddings` (before/after pairs per NHWC axis). */
export type TfPadding = 'same' | 'valid' | { explicit: number[] };

/**
 * TF's padding for one spatial axis (0 = height, 1 = width). SAME pads to ceil(in / stride) outputs,
 * with the odd pixel of padding at the end (bottom/right) — the asymmetric case a symmetric `pads` gets wrong.
 */
function axisPadding(size: number, effective: number, stride: number, padding: TfPadding, axis: number) {
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + effective - size, 0);
    const before = Math.floor(total / 2);
    return { before, after: total - before, out };
  }
  const [before, after] =
    padding === 'valid' ? [0, 0] : [padding.explicit[2 + 2 * axis], padding.explicit[3 + 2 * axis]];
  return { before, after, out: Math.floor((size + before + after - effective) / stride) + 1 };
}

/** ONNX `pads` [top, left, bottom, right] and the output height and width of a TF conv or pooling on NHWC `x`. */
export function spatialPadding(
  ctx: EmitContext,
  x: Value,
  kernel: number[],
  strides: number[],
  dilations: number[],
  padding: TfPadding,
): { pads: number[]; out: number[] } {
  const [h, w] = [x.shape[1], x.shape[2]];
  if (h === null || w === null) return ctx.fail('needs a fixed input height and width to compute TF padding');
  const [rows, cols] = [h, w].map((size, i) =>
    axisPadding(size, (kernel[i] - 1) * dilations[i] + 1, strides[i], padding, i),
  );
  if (rows.out < 1 || cols.out < 1) ctx.fail(`input ${h}×${w} is smaller than the kernel`);
  return { pads: [rows.before, cols.before, rows.after, cols.after], out: [rows.out, cols.out] };
}

/**
 * The inputs and attributes of the ONNX Conv for a TF Conv2D / DepthwiseConv2D (kernel HWIO or
 * [kh, kw, C, M], checked against the input channels by the caller); emits the kernel and bias initializers.
 */
export function convNode(
  ctx: EmitContext,
  x: Value,
  conv: {
    kernel: Weight;
    bias: Float32Array | null;
    depthwise: boolean;
    strides: number[];
    dilations: number[];
    pads: number[];
  },
) {
  const { kernel: k, depthwise } = conv;
  const [kh, kw, channels, multiplier] = k.shape;
  const outChannels = depthwise ? channels * multiplier : multiplier;
  const inputs = [
    x.name,
    ctx.g.floats(
      ctx.derived.kernel,
      [outChannels, depthwise ? 1 : channels, kh, kw],
      transpose4d(k.values, k.shape, depthwise ? depthwiseToOnnx : hwioToOihw),
    ),
  ];
  if (conv.bias) inputs.push(ctx.g.floats(ctx.derived.bias, [outChannels], conv.bias));
  const attributes = [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', conv.strides),
    attr.ints('dilations', conv.dilations),
    attr.ints('pads', conv.pads),
    attr.int('group', depthwise ? channels : 1),
  ];
  return { inputs, attributes, outChannels };
}

/**
 * The ONNX MaxPool/AveragePool node for a TF pooling: TF's average pooling leaves SAME padding out of
 * the count, hence count_include_pad=0.
 */
export function poolNode(max: boolean, kernel: number[], strides: number[], pads: number[]) {
  const attributes = [
    attr.ints('kernel_shape', kernel),
    attr.ints('strides', strides),
    attr.ints('pads', pads),
  ];
  if (!max) attributes.push(attr.int('count_include_pad', 0));
  return { op: max ? 'MaxPool' : 'AveragePool', attributes };
}
