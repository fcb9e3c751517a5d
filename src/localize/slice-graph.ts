import { typed } from '../convert/onnx/decompose-model';
import { decodeModel, encodeModel, type OnnxModel } from '../convert/onnx/onnx-model';
import type { NamedTensor } from '../core/tensor';

/** A run of consecutive nodes as a model of its own, fed what the reference computed for its inputs. */
export interface GraphSlice {
  model: Uint8Array;
  /** The reference's values for every tensor the slice reads from outside itself. */
  inputs: NamedTensor[];
  /** Every output of the slice's nodes, in graph order. */
  outputs: string[];
}

/**
 * Splits a model (nodes in topological order, as ONNX requires) into slices of at most `nodesPerSlice`
 * consecutive nodes. Each slice declares as graph inputs the tensors its nodes read from earlier slices
 * or the model's inputs, typed and shaped as `values` (the reference's capture) has them, keeps the
 * initializers it reads, and exposes every node output. So a suspect that diverges in slice k is fed
 * the reference's values at k's boundary: what it gets wrong there is its own, not inherited, and no
 * exposed output reshapes the fusion of more than one slice. A slice whose inputs `values` lacks cannot
 * be fed and is refused, naming the tensor.
 */
export function sliceGraph(
  modelBytes: Uint8Array,
  values: ReadonlyMap<string, NamedTensor>,
  nodesPerSlice: number,
): GraphSlice[] {
  if (!Number.isInteger(nodesPerSlice) || nodesPerSlice < 1)
    throw new Error(`nodesPerSlice must be a whole number ≥ 1, got ${nodesPerSlice}`);
  const model = decodeModel(modelBytes);
  const slices: GraphSlice[] = [];
  for (let start = 0; start < model.graph.node.length; start += nodesPerSlice)
    slices.push(sliceOf(model, values, start, start + nodesPerSlice, `slice-${slices.length}`));
  return slices;
}

/**
 * Nodes `start` to `end` (exclusive) of a model as a model of their own, fed as `sliceGraph`'s slices
 * are: the smallest model that still shows a node's fault (the repro bundle, src/repro/).
 */
export function sliceRange(
  modelBytes: Uint8Array,
  values: ReadonlyMap<string, NamedTensor>,
  start: number,
  end: number,
): GraphSlice {
  const model = decodeModel(modelBytes);
  if (!(0 <= start && start < end && end <= model.graph.node.length))
    throw new Error(`nodes ${start} to ${end}: the model has ${model.graph.node.length} nodes`);
  return sliceOf(model, values, start, end, `nodes-${start}-${end}`);
}

function sliceOf(
  model: OnnxModel,
  values: ReadonlyMap<string, NamedTensor>,
  start: number,
  end: number,
  name: string,
): GraphSlice {
  const initializers = new Map(model.graph.initializer.map((t) => [t.name, t]));
  const nodes = model.graph.node.slice(start, end);
  const produced = new Set(nodes.flatMap((n) => n.output));
  const read = [...new Set(nodes.flatMap((n) => n.input))].filter(
    (input) => input !== '' && !produced.has(input),
  );
  const fed = read.filter((input) => !initializers.has(input));
  const inputs = fed.map((input) => {
    const value = values.get(input);
    if (!value)
      throw new Error(`slice from node ${start}: no reference value for its input "${input}" to feed it`);
    return value;
  });
  const outputs = nodes.flatMap((n) => n.output).filter(Boolean);
  const slice: OnnxModel = {
    ...model,
    graph: {
      name: `${model.graph.name}-${name}`,
      node: nodes,
      initializer: read.flatMap((input) => initializers.get(input) ?? []),
      input: inputs.map((t) => typed(t.name, t.dtype, t.shape)),
      output: outputs.map((output) => {
        const value = values.get(output);
        return value ? typed(output, value.dtype, value.shape) : { name: output };
      }),
    },
  };
  return { model: encodeModel(slice), inputs, outputs };
}
