import { encodeModel, type OnnxModel } from '../convert/onnx/onnx-model';
import type { NamedTensor } from '../core/tensor';
import { Draw } from './draw';
import { fuzzSteps } from './fuzz-steps';
import { GraphBuilder, typedValue } from './graph-builder';

/** The opset every generated graph imports (QLinearConv is opset 10, still current in 13). */
export const FUZZ_OPSET = 13;
/** Above this bound on any intermediate |value|, the inputs are scaled down and the graph drawn again. */
export const VALUE_LIMIT = 1e4;
const MAX_OPERATORS = 6;

/** One generated graph and its inputs, everything reproducible from `seed`. */
export interface FuzzCase {
  seed: number;
  model: OnnxModel;
  /** The encoded model (the project's ONNX codec). */
  bytes: Uint8Array;
  inputs: NamedTensor<'float32'>[];
  output: string;
  /** The nodes' operators in graph order. */
  ops: string[];
  /** The inputs' scale the search settled on, and the bound on |value| it gives every intermediate. */
  inputScale: number;
  bound: number;
  /**
   * Where the graph quantizes: one quantization step as seen at the output (the largest dequantizing
   * scale, times the value bound's growth after it), the least difference a rounding flip makes; else 0.
   */
  quantizationStep: number;
}

/** A rounding flip at a DequantizeLinear moves the output by at most its scale times the gain after it. */
function quantizationStep(b: GraphBuilder, end: string): number {
  const endBound = b.facts.get(end)?.bound ?? 0;
  let step = 0;
  for (const node of b.nodes.filter((n) => n.opType === 'DequantizeLinear')) {
    const scale = Number(b.facts.get(node.input[1])?.data?.[0] ?? 0);
    const bound = b.facts.get(node.output[0])?.bound ?? 1;
    step = Math.max(step, scale * Math.max(1, endBound / bound));
  }
  return step;
}

function build(seed: number, inputScale: number) {
  const d = new Draw(seed);
  const b = new GraphBuilder(inputScale);
  const start = d.chance(0.8)
    ? [d.int(1, 2), d.int(1, 6), d.int(1, 13), d.int(1, 13)]
    : [d.int(1, 4), d.int(1, 24)];
  let end = b.input(start);
  const target = d.int(1, MAX_OPERATORS);
  for (let tries = 0; b.nodes.length < target && tries < 50; tries++) {
    const x = b.facts.get(end);
    const room = target - b.nodes.length;
    const steps = fuzzSteps.filter((s) => s.cost <= room && x && s.applies(x));
    const step = d.pick(steps);
    end = b.attempt(() => step.add(b, d, end)) ?? end;
  }
  return { d, b, end };
}

/**
 * A small valid ONNX graph (1–6 operators, opset 13) and float inputs, from a seed. The structure is
 * drawn first, each node checked by the fuzzer's shape inference as it is added; then the inputs'
 * scale is searched (1, 1/8, 1/64, ...) until interval propagation bounds every intermediate |value| by
 * VALUE_LIMIT, so no comparison trips on an overflow, and the inputs are drawn uniform in that scale.
 */
export function generateCase(seed: number): FuzzCase {
  let inputScale = 1;
  let built = build(seed, inputScale);
  const boundOf = (b: GraphBuilder) =>
    Math.max(...[...b.facts.values()].filter((f) => !f.data && f.dtype === 'float32').map((f) => f.bound));
  for (let i = 0; i < 6 && boundOf(built.b) > VALUE_LIMIT; i++) {
    inputScale /= 8;
    built = build(seed, inputScale);
  }
  const { d, b, end } = built;
  const out = b.facts.get(end);
  if (!out) throw new Error(`fuzz seed ${seed}: the graph has no output`);
  const model: OnnxModel = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: FUZZ_OPSET }],
    producerName: 'crosscheck-fuzz',
    producerVersion: '1',
    docString: `seed ${seed}`,
    graph: {
      name: `fuzz-${seed}`,
      node: b.nodes,
      initializer: b.initializers,
      input: b.inputs.map((i) => typedValue(i.name, 'float32', i.shape)),
      output: [typedValue(end, out.dtype, out.shape)],
    },
  };
  const inputs = b.inputs.map(({ name, shape }) => ({
    name,
    dtype: 'float32' as const,
    shape,
    data: Float32Array.from({ length: shape.reduce((a, v) => a * v, 1) }, () => d.signed(inputScale)),
  }));
  return {
    seed,
    model,
    bytes: encodeModel(model),
    inputs,
    output: end,
    ops: b.nodes.map((n) => n.opType),
    inputScale,
    bound: boundOf(b),
    quantizationStep: quantizationStep(b, end),
  };
}
