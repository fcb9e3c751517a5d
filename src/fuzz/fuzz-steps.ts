import type { Draw } from './draw';
import type { GraphBuilder } from './graph-builder';
import type { ValueFacts } from './infer-node';

/** One thing the generator can append to the chain: its operators, how many, and where it applies. */
export interface FuzzStep {
  name: string;
  /** How many operators it adds. */
  cost: number;
  applies(x: ValueFacts): boolean;
  /** Appends the step's nodes after `x`; returns the new end of the chain. */
  add(b: GraphBuilder, d: Draw, x: string): string;
}

const floats = (values: number[]) => new Float32Array(values);
const int64s = (values: number[]) => new BigInt64Array(values.map(BigInt));
const rank4 = (x: ValueFacts) => x.shape.length === 4;
const any = () => true;

/** Uniform weights scaled by 1/sqrt(fan-in), so a layer keeps its input's magnitude (He-style). */
function weights(d: Draw, count: number, fanIn: number): Float32Array {
  const scale = Math.sqrt(3 / fanIn);
  return Float32Array.from({ length: count }, () => d.signed(scale));
}

/** A power of two near `target`: quantization scales that divide floats exactly. */
function powerOfTwo(target: number): number {
  let s = 1;
  while (s > target * 1.5) s /= 2;
  while (s * 2 <= target * 1.5) s *= 2;
  return s;
}

function facts(b: GraphBuilder, name: string): ValueFacts {
  const f = b.facts.get(name);
  if (!f) throw new Error(`no facts for ${name}`);
  return f;
}

function window(d: Draw, withDilation: boolean) {
  const kernel = [d.int(1, 3), d.int(1, 3)];
  return {
    kernel_shape: kernel,
    strides: [d.int(1, 3), d.int(1, 3)],
    pads: [0, 1, 0, 1].map((i) => d.int(0, kernel[i] - 1)),
    ...(withDilation && d.chance(0.4) ? { dilations: [d.int(1, 2), d.int(1, 2)] } : {}),
  };
}

function conv(b: GraphBuilder, d: Draw, x: string): string {
  const [, c] = facts(b, x).shape;
  const kind = d.pick(['plain', 'depthwise', 'grouped'] as const);
  const divisors = Array.from({ length: c }, (_, i) => i + 1).filter((g) => c % g === 0 && g > 1);
  const group = kind === 'depthwise' ? c : kind === 'grouped' && divisors.length ? d.pick(divisors) : 1;
  const m = group * d.int(1, Math.max(1, Math.floor(8 / group)));
  const [kh, kw] = [d.int(1, 4), d.int(1, 4)];
  const fanIn = (c / group) * kh * kw;
  const w = b.constant('float32', [m, c / group, kh, kw], weights(d, m * fanIn, fanIn));
  const bias = d.chance(0.7) ? [b.constant('float32', [m], weights(d, m, 4))] : [];
  return b.node('Conv', [x, w, ...bias], {
    group,
    strides: [d.int(1, 3), d.int(1, 3)],
    dilations: [d.int(1, 2), d.int(1, 2)],
    pads: [d.int(0, 2), d.int(0, 2), d.int(0, 2), d.int(0, 2)],
    ...(d.chance(0.5) ? { kernel_shape: [kh, kw] } : {}),
  });
}

/** An operand shaped like `x`, or broadcast to it: a constant, a second graph input, or `x` itself. */
function operand(b: GraphBuilder, d: Draw, x: string, scale: number): string {
  const { shape } = facts(b, x);
  const kind = d.pick(['same', 'channel', 'last', 'scalar', 'input', 'self'] as const);
  if (kind === 'self') return x;
  if (kind === 'input') return b.input(shape);
  const target =
    kind === 'same'
      ? shape
      : kind === 'channel' && shape.length === 4
        ? [shape[1], 1, 1]
        : kind === 'last'
          ? [shape[shape.length - 1]]
          : [];
  const count = target.reduce((a, v) => a * v, 1);
  return b.constant(
    'float32',
    target,
    Float32Array.from({ length: count }, () => d.signed(scale)),
  );
}

function quantize(b: GraphBuilder, d: Draw, x: string): { q: string; scale: number; zero: number } {
  const scale = powerOfTwo(b.inputScale / 64) * 2 ** d.int(0, 3);
  const zero = d.int(100, 156);
  const q = b.node('QuantizeLinear', [
    x,
    b.constant('float32', [], floats([scale])),
    b.constant('uint8', [], new Uint8Array([zero])),
  ]);
  return { q, scale, zero };
}

function dequantize(b: GraphBuilder, q: string, scale: number, zero: number): string {
  return b.node('DequantizeLinear', [
    q,
    b.constant('float32', [], floats([scale])),
    b.constant('uint8', [], new Uint8Array([zero])),
  ]);
}

export const fuzzSteps: readonly FuzzStep[] = [
  { name: 'Conv', cost: 1, applies: rank4, add: conv },
  {
    name: 'MaxPool',
    cost: 1,
    applies: rank4,
    add: (b, d, x) =>
      b.node('MaxPool', [x], { ...window(d, true), ...(d.chance(0.3) ? { ceil_mode: 1 } : {}) }),
  },
  {
    name: 'AveragePool',
    cost: 1,
    applies: rank4,
    add: (b, d, x) =>
      b.node('AveragePool', [x], {
        ...window(d, false),
        ...(d.chance(0.3) ? { ceil_mode: 1 } : {}),
        ...(d.chance(0.5) ? { count_include_pad: 1 } : {}),
      }),
  },
  { name: 'GlobalAveragePool', cost: 1, applies: rank4, add: (b, _, x) => b.node('GlobalAveragePool', [x]) },
  {
    name: 'Pad',
    cost: 1,
    applies: any,
    add: (b, d, x) => {
      const rank = facts(b, x).shape.length;
      // Spatial padding mostly (as models use it); any axis sometimes.
      const all = d.chance(0.3);
      const pads = Array.from({ length: 2 * rank }, (_, i) =>
        all || i % rank >= rank - 2 ? d.int(0, 2) : 0,
      );
      const mode = d.pick(['constant', 'reflect', 'edge']);
      const value =
        mode === 'constant' && d.chance(0.5) ? [b.constant('float32', [], floats([d.signed(1)]))] : [];
      return b.node('Pad', [x, b.constant('int64', [2 * rank], int64s(pads)), ...value], { mode });
    },
  },
  {
    name: 'Resize',
    cost: 1,
    applies: rank4,
    add: (b, d, x) => {
      const scales = [1, 1, d.pick([0.5, 0.75, 1, 1.5, 2]), d.pick([0.5, 0.75, 1, 1.5, 2, 3])];
      const mode = d.pick(['nearest', 'linear']);
      const transform = d.pick(['half_pixel', 'asymmetric', 'align_corners', 'pytorch_half_pixel']);
      return b.node('Resize', [x, '', b.constant('float32', [4], floats(scales))], {
        mode,
        coordinate_transformation_mode: transform,
        ...(mode === 'nearest'
          ? { nearest_mode: d.pick(['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil']) }
          : {}),
      });
    },
  },
  {
    name: 'Clip',
    cost: 1,
    applies: any,
    add: (b, d, x) => {
      const limit = Math.fround(b.inputScale * (0.1 + d.int(0, 9) / 10));
      const which = d.pick(['both', 'min', 'max'] as const);
      const min = which === 'max' ? '' : b.constant('float32', [], floats([-limit]));
      const max = which === 'min' ? [] : [b.constant('float32', [], floats([limit]))];
      return b.node('Clip', [x, min, ...max]);
    },
  },
  ...(['Relu', 'Sigmoid', 'Tanh'] as const).map((op): FuzzStep => ({
    name: op,
    cost: 1,
    applies: any,
    add: (b, _, x) => b.node(op, [x]),
  })),
  ...(['Add', 'Mul'] as const).map((op): FuzzStep => ({
    name: op,
    cost: 1,
    applies: any,
    add: (b, d, x) => {
      const y = operand(b, d, x, op === 'Add' ? b.inputScale : 2);
      return b.node(op, d.chance(0.5) ? [x, y] : [y, x]);
    },
  })),
  {
    name: 'Concat',
    cost: 1,
    applies: any,
    add: (b, d, x) => {
      const { shape } = facts(b, x);
      const axis = d.int(0, shape.length - 1);
      const otherShape = shape.map((v, i) => (i === axis ? d.int(1, 3) : v));
      const other = d.chance(0.4)
        ? x
        : b.constant(
            'float32',
            otherShape,
            Float32Array.from({ length: otherShape.reduce((a, v) => a * v, 1) }, () =>
              d.signed(b.inputScale),
            ),
          );
      return b.node('Concat', d.chance(0.5) ? [x, other] : [other, x], {
        axis: d.chance(0.3) ? axis - shape.length : axis,
      });
    },
  },
  {
    name: 'Reshape',
    cost: 1,
    applies: any,
    add: (b, d, x) => {
      const { shape } = facts(b, x);
      const rest = shape.slice(1).reduce((a, v) => a * v, 1);
      const divisors = Array.from({ length: rest }, (_, i) => i + 1).filter((f) => rest % f === 0);
      const target = d.pick([
        [0, -1],
        ...(shape.length >= 3 ? [[0, 0, -1]] : []),
        [0, d.pick(divisors), -1, 1],
        [-1, d.pick(divisors)],
      ]);
      return b.node('Reshape', [x, b.constant('int64', [target.length], int64s(target))]);
    },
  },
  {
    name: 'Transpose',
    cost: 1,
    applies: (x) => x.shape.length >= 2,
    add: (b, d, x) => b.node('Transpose', [x], { perm: d.permutation(facts(b, x).shape.length) }),
  },
  {
    name: 'Softmax',
    cost: 1,
    applies: any,
    add: (b, d, x) => {
      const rank = facts(b, x).shape.length;
      return b.node('Softmax', [x], d.chance(0.3) ? {} : { axis: d.int(-rank, rank - 1) });
    },
  },
  {
    name: 'ReduceMean',
    cost: 1,
    applies: (x) => x.shape.length >= 2,
    add: (b, d, x) => {
      const rank = facts(b, x).shape.length;
      const axes = d
        .permutation(rank)
        .slice(0, d.int(1, rank - 1))
        .sort();
      return b.node('ReduceMean', [x], { axes, keepdims: d.int(0, 1) });
    },
  },
  {
    name: 'Gemm',
    cost: 1,
    applies: (x) => x.shape.length === 2,
    add: (b, d, x) => {
      const [rows, cols] = facts(b, x).shape;
      const transA = d.int(0, 1);
      const k = transA ? rows : cols;
      const n = d.int(1, 8);
      const transB = d.int(0, 1);
      const w = b.constant('float32', transB ? [n, k] : [k, n], weights(d, k * n, k));
      const m = transA ? cols : rows;
      const cShape = d.pick([[n], [1, n], [m, n], [m, 1]]);
      const c = d.chance(0.7)
        ? [b.constant('float32', cShape, weights(d, cShape[0] * (cShape[1] ?? 1), 4))]
        : [];
      return b.node('Gemm', [x, w, ...c], {
        transA,
        transB,
        ...(d.chance(0.3) ? { alpha: { float: Math.fround(0.5 + d.int(0, 4) / 4) } } : {}),
        ...(c.length && d.chance(0.3) ? { beta: { float: Math.fround(0.5 + d.int(0, 4) / 4) } } : {}),
      });
    },
  },
  {
    name: 'QuantizeLinear+DequantizeLinear',
    cost: 2,
    applies: any,
    add: (b, d, x) => {
      const { q, scale, zero } = quantize(b, d, x);
      return dequantize(b, q, scale, zero);
    },
  },
  {
    name: 'QLinearConv',
    cost: 3,
    applies: rank4,
    add: (b, d, x) => {
      const [, c] = facts(b, x).shape;
      const { q, scale, zero } = quantize(b, d, x);
      const group = d.chance(0.3) ? c : 1;
      const m = group * d.int(1, Math.max(1, Math.floor(6 / group)));
      const [kh, kw] = [d.int(1, 3), d.int(1, 3)];
      const fanIn = (c / group) * kh * kw;
      const w = Uint8Array.from({ length: m * fanIn }, () => d.int(0, 255));
      // Real weights of magnitude about 1/sqrt(fan-in), as the float Conv's; the output keeps x's scale.
      const wScale = powerOfTwo(1 / (128 * Math.sqrt(fanIn)));
      const yScale = scale * 2;
      const yZero = d.int(100, 156);
      const bias = d.chance(0.5)
        ? [
            b.constant(
              'int32',
              [m],
              Int32Array.from({ length: m }, () => d.int(-200, 200)),
            ),
          ]
        : [];
      const y = b.node(
        'QLinearConv',
        [
          q,
          b.constant('float32', [], floats([scale])),
          b.constant('uint8', [], new Uint8Array([zero])),
          b.constant('uint8', [m, c / group, kh, kw], w),
          b.constant('float32', [], floats([wScale])),
          b.constant('uint8', [], new Uint8Array([128])),
          b.constant('float32', [], floats([yScale])),
          b.constant('uint8', [], new Uint8Array([yZero])),
          ...bias,
        ],
        {
          group,
          strides: [d.int(1, 2), d.int(1, 2)],
          pads: [d.int(0, 1), d.int(0, 1), d.int(0, 1), d.int(0, 1)],
        },
      );
      return dequantize(b, y, yScale, yZero);
    },
  },
];
