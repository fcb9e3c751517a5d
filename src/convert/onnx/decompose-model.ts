import { encodeModel, toNumber, type OnnxModel, type OnnxNode, type OnnxValueInfo } from './onnx-model';
import { onnxDataType } from './read-tensor';
import type { NamedTensor, TensorDtype } from '../../core/tensor';

/** protobuf's int64 values arrive as Long objects. */
function isLong(v: unknown): v is { toNumber(): number } {
  return typeof v === 'object' && v !== null && 'toNumber' in v && typeof v.toNumber === 'function';
}

/** One distinct node configuration of a model, as a model of its own with real inputs. */
export interface NodeCase {
  /** "Conv#3": the operator and the configuration's rank among that operator's, in graph order. */
  id: string;
  op: string;
  /** How many nodes of the model share this configuration. */
  occurrences: number;
  model: Uint8Array;
  /** The values to feed, as the whole model produced them (the caller copies them per configuration). */
  inputs: NamedTensor[];
  outputs: string[];
}

function attributesKey(node: OnnxNode): string {
  const plain = node.attribute.map((a) => {
    const value = a.t
      ? { dims: a.t.dims.map(toNumber), dataType: a.t.dataType, raw: Array.from(a.t.rawData ?? []) }
      : a;
    return [
      a.name,
      JSON.stringify(value, (_, v) =>
        v instanceof Uint8Array ? Array.from(v) : isLong(v) ? v.toNumber() : (v as unknown),
      ),
    ];
  });
  return JSON.stringify(plain.sort());
}

/** A graph input or output declared with its element type and shape. */
export function typed(name: string, dtype: TensorDtype, shape: number[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: { elemType: onnxDataType(dtype), shape: { dim: shape.map((d) => ({ dimValue: d })) } },
    },
  };
}

/**
 * A model's distinct node configurations (operator, attributes, input dtypes and shapes), each as a
 * single-node model that keeps the node's own initializers, fed the values `values` holds for its other
 * inputs (the whole model's graph inputs and node outputs, from one run). Constants are not operators
 * anyone runs alone, and a node whose inputs were not produced is left out.
 */
export function decomposeModel(model: OnnxModel, values: ReadonlyMap<string, NamedTensor>): NodeCase[] {
  const initializers = new Map(model.graph.initializer.map((t) => [t.name, t]));
  const byKey = new Map<string, NodeCase>();
  const perOp = new Map<string, number>();
  for (const node of model.graph.node) {
    if (node.opType === 'Constant') continue;
    const fed = [...new Set(node.input.filter((name) => name && !initializers.has(name)))];
    const inputs = fed.map((name) => values.get(name));
    if (inputs.some((v) => v === undefined)) continue;
    const tensors = inputs as NamedTensor[];
    const shapes = node.input.map((name) => {
      const init = initializers.get(name);
      if (init) return `init:${init.dataType}:${init.dims.map(toNumber).join('x')}`;
      const value = values.get(name);
      return value ? `${value.dtype}:${value.shape.join('x')}` : 'absent';
    });
    const key = JSON.stringify([node.domain ?? '', node.opType, attributesKey(node), shapes]);
    const seen = byKey.get(key);
    if (seen) {
      seen.occurrences++;
      continue;
    }
    const rank = (perOp.get(node.opType) ?? 0) + 1;
    perOp.set(node.opType, rank);
    const single: OnnxModel = {
      ...model,
      graph: {
        name: `${node.opType}-${rank}`,
        node: [{ ...node, name: node.name || node.opType }],
        initializer: node.input.flatMap((name) => initializers.get(name) ?? []),
        input: tensors.map((t) => typed(t.name, t.dtype, t.shape)),
        // Typed where the whole model's run says: ORT's webgl backend refuses an untyped graph output.
        output: node.output.filter(Boolean).map((name) => {
          const value = values.get(name);
          return value ? typed(name, value.dtype, value.shape) : { name };
        }),
      },
    };
    byKey.set(key, {
      id: `${node.opType}#${rank}`,
      op: node.opType,
      occurrences: 1,
      model: encodeModel(single),
      inputs: tensors,
      outputs: node.output.filter(Boolean),
    });
  }
  return [...byKey.values()];
}
