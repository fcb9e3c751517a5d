import { seededRandom } from '../core/stats/seeded-random';
import { AttributeType, DataType } from '../convert/onnx/onnx-schema';
import { floatData, type OnnxModel, type OnnxNode, type OnnxTensor } from '../convert/onnx/onnx-model';
import { modelOpset } from './model-opset';
import { pickPlaces } from './pick-places';
import { rawFloats } from './weight-tensors';
import type { MutantOperator } from './variant-spec';

type GraphOperator = Exclude<MutantOperator, 'weight-noise'>;

/** A node an operator can change, and the node it becomes (plus any constants that one needs). */
interface Rewrite {
  applies: (node: OnnxNode, constants: ReadonlyMap<string, OnnxTensor>) => boolean;
  rewrite: (node: OnnxNode, constants: ReadonlyMap<string, OnnxTensor>) => OnnxNode;
}

const clipBounds = { min: 'mutant/clip_min', max: 'mutant/clip_max' };

function scalar(constants: ReadonlyMap<string, OnnxTensor>, name: string | undefined): number | null {
  const tensor = constants.get(name ?? '');
  if (!tensor || tensor.dataType !== DataType.FLOAT) return null;
  const values = floatData(tensor);
  return values.length === 1 ? values[0] : null;
}

/** Clip(x, 0, 6): how converters write Relu6 (opset 11 and later: bounds as inputs). */
function isRelu6(node: OnnxNode, constants: ReadonlyMap<string, OnnxTensor>): boolean {
  return (
    node.opType === 'Clip' && scalar(constants, node.input[1]) === 0 && scalar(constants, node.input[2]) === 6
  );
}

const renamed = (opType: string) => (node: OnnxNode) => ({ ...node, opType });
const unary =
  (opType: string, attribute: OnnxNode['attribute'] = []) =>
  (node: OnnxNode) => ({
    ...node,
    opType,
    input: [node.input[0]],
    attribute,
  });
const sameOp = (opType: string) => (node: OnnxNode) => node.opType === opType;

function hasNoZero(constants: ReadonlyMap<string, OnnxTensor>, name: string | undefined): boolean {
  const tensor = constants.get(name ?? '');
  return tensor?.dataType === DataType.FLOAT && !floatData(tensor).includes(0);
}

const rewrites: Record<GraphOperator, Rewrite> = {
  'relu-to-relu6': {
    applies: sameOp('Relu'),
    rewrite: (node) => ({ ...node, opType: 'Clip', input: [node.input[0], clipBounds.min, clipBounds.max] }),
  },
  'relu6-to-relu': { applies: isRelu6, rewrite: unary('Relu') },
  'activation-to-sigmoid': {
    applies: (node) => ['Relu', 'Clip', 'LeakyRelu'].includes(node.opType),
    rewrite: unary('Sigmoid'),
  },
  'activation-to-leaky-relu': {
    applies: (node) => ['Relu', 'Clip'].includes(node.opType),
    rewrite: unary('LeakyRelu', [{ name: 'alpha', type: AttributeType.FLOAT, f: 0.01 }]),
  },
  'add-to-sub': { applies: sameOp('Add'), rewrite: renamed('Sub') },
  'sub-to-add': { applies: sameOp('Sub'), rewrite: renamed('Add') },
  // Only by a constant without zeros, moved to the divisor's place: never a division by an activation.
  'mul-to-div': {
    applies: (node, constants) =>
      node.opType === 'Mul' && (hasNoZero(constants, node.input[1]) || hasNoZero(constants, node.input[0])),
    rewrite: (node, constants) => ({
      ...node,
      opType: 'Div',
      input: hasNoZero(constants, node.input[1]) ? node.input : [node.input[1], node.input[0]],
    }),
  },
  'div-to-mul': { applies: sameOp('Div'), rewrite: renamed('Mul') },
  'max-to-min': { applies: sameOp('Max'), rewrite: renamed('Min') },
  'min-to-max': { applies: sameOp('Min'), rewrite: renamed('Max') },
  'greater-to-less': { applies: sameOp('Greater'), rewrite: renamed('Less') },
  'less-to-greater': { applies: sameOp('Less'), rewrite: renamed('Greater') },
};

/**
 * A graph mutant: the operator's change made at one place (drawn from the seed) or at every place it
 * applies. A model where it applies nowhere is refused, naming the ops the model has.
 */
export function mutateGraph(
  model: OnnxModel,
  options: { op: GraphOperator; seed: number; nodes: 'one' | 'all' },
): { model: OnnxModel; detail: string } {
  const { graph } = model;
  const constants = new Map(graph.initializer.map((t) => [t.name, t]));
  const { applies, rewrite } = rewrites[options.op];
  const opset = modelOpset(model);
  if (options.op === 'relu-to-relu6' && opset < 11)
    throw new Error(
      `mutant op=relu-to-relu6: Clip takes its bounds as inputs from opset 11; the model imports opset ${opset}`,
    );
  const candidates = graph.node.filter((node) => applies(node, constants));
  if (!candidates.length) {
    const ops = [...new Set(graph.node.map((n) => n.opType))].sort().join(', ');
    throw new Error(
      `mutant op=${options.op}: no node of the model is one it changes (the model's ops: ${ops})`,
    );
  }
  const chosen = new Set(pickPlaces(candidates, options.nodes, seededRandom(options.seed)));
  const node = graph.node.map((n) => (chosen.has(n) ? rewrite(n, constants) : n));
  const needsBounds = options.op === 'relu-to-relu6' && !constants.has(clipBounds.min);
  const bound = (name: string, value: number): OnnxTensor => ({
    name,
    dims: [],
    dataType: DataType.FLOAT,
    rawData: rawFloats(Float32Array.of(value)),
  });
  const initializer = needsBounds
    ? [...graph.initializer, bound(clipBounds.min, 0), bound(clipBounds.max, 6)]
    : graph.initializer;
  const names = [...chosen].map((n) => n.name || `(unnamed ${n.opType})`);
  return {
    model: { ...model, graph: { ...graph, node, initializer } },
    detail: `${options.op} at ${chosen.size} of ${candidates.length} places: ${names.join(', ')}`.slice(
      0,
      2000,
    ),
  };
}
