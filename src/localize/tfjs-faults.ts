import { weightSpecs, type TfjsModelJson, type WeightSpec } from '../core/tfjs-model-json';
import { readGraph, reachableInOrder } from '../convert/graph/graph-topology';
import { faultyWeight, planFault, type FaultPlan } from '../convert/layers/faults';
import { readTopology, topologicalOrder, weightLookup } from '../convert/layers/layers-topology';
import { decodeWeights, type Weight } from '../convert/shared/decode-weights';
import { isGraphModel } from './tfjs-nodes';

/** The conversion faults that also make sense in a TF.js model's own copy: its weights. */
export const tfjsFaultKinds = ['weights', 'fp16-weights'] as const;
export type TfjsFaultKind = (typeof tfjsFaultKinds)[number];

export interface TfjsModelBytes {
  json: TfjsModelJson;
  /** The weight shards concatenated in manifest order. */
  data: Uint8Array;
}

/** The faulty copy (one shard, `weights.bin`, float32) and where the fault is: the node localization must name. */
export interface FaultyTfjsModel extends TfjsModelBytes {
  fault: FaultPlan;
}

/** Graph ops whose second input is a weight (the graph counterpart of the layers' Conv/Depthwise/Dense). */
const weightedOps = new Set([
  'Conv2D',
  '_FusedConv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2dNative',
  'MatMul',
  '_FusedMatMul',
]);

/** The weight to perturb: the planned layer's kernel, or the first weighted graph op's weight input. */
function plan(model: TfjsModelBytes, kind: TfjsFaultKind, weights: Map<string, Weight>, layer?: string) {
  if (isGraphModel(model.json)) {
    const { nodes, outputs } = readGraph(model.json);
    const node = reachableInOrder(nodes, outputs).find(
      (n) => weightedOps.has(n.op) && weights.has(n.inputs[1]),
    );
    if (!node) throw new Error(`fault ${kind}: the graph model has no Conv2D/Depthwise/MatMul on a weight`);
    return { fault: { kind, layer: node.name }, weight: node.inputs[1] };
  }
  const lookup = weightLookup(weights);
  const fault = layer
    ? { kind, layer }
    : planFault(kind, topologicalOrder(readTopology(model.json).layers), lookup);
  const kernel = lookup(fault.layer, 'kernel') ?? lookup(fault.layer, 'depthwise_kernel');
  const weight = [...weights].find(([, w]) => w === kernel)?.[0];
  if (!weight) throw new Error(`fault ${kind}: layer ${fault.layer} has no kernel in the weights manifest`);
  return { fault, weight };
}

/** Every weight re-encoded unquantized, in manifest order, as one shard. */
export function encodeWeights(specs: WeightSpec[], weights: Map<string, Weight>): TfjsModelBytes['data'] {
  const parts = specs.map(({ name, dtype }) => {
    const { values } = weights.get(name)!;
    const typed = dtype === 'int32' ? Int32Array.from(values) : values;
    return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  });
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((offset, p) => (data.set(p, offset), offset + p.byteLength), 0);
  return data;
}

/**
 * A copy of a TF.js model with one conversion fault (src/convert/layers/faults.ts) put in its weights:
 * a layers model's planned layer (or `layer`, a layer with a kernel), or a graph model's first weighted
 * op. Localizing the copy against the original must name `fault.layer`.
 */
export function injectTfjsFault(model: TfjsModelBytes, kind: TfjsFaultKind, layer?: string): FaultyTfjsModel {
  const specs = weightSpecs(model.json);
  const weights = decodeWeights(specs, model.data);
  const { fault, weight } = plan(model, kind, weights, layer);
  weights.set(weight, faultyWeight(kind, weights.get(weight)!));
  const unquantized = specs.map(({ name, shape, dtype }) => ({ name, shape, dtype }));
  return {
    json: { ...model.json, weightsManifest: [{ paths: ['weights.bin'], weights: unquantized }] },
    data: encodeWeights(specs, weights),
    fault,
  };
}
