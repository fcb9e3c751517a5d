import type { TensorDtype } from '../core/tensor';
import type { TfjsModelJson } from '../core/tfjs-model-json';
import { readGraph, reachableInOrder, type TfAttr } from '../convert/graph/graph-topology';
import { readTopology, topologicalOrder } from '../convert/layers/layers-topology';
import type { GraphNode } from './expose-outputs';

/** The nodes of a TF.js model that localization captures, and how they are captured. */
export interface TfjsNodes {
  /** Every layer (layers model) or computing node (graph model) in topological order. */
  nodes: GraphNode[];
  /** The model's own outputs. */
  outputs: string[];
  /** Layers models answer named layer outputs; graph models execute to named intermediate nodes. */
  method: 'layer-outputs' | 'graph-nodes';
}

export function isGraphModel(json: TfjsModelJson): boolean {
  return json.format === 'graph-model' || Array.isArray(json.modelTopology.node);
}

/** Config keys that say nothing about what a layer computes (or are weights' set-up). */
const quietKey =
  /^(name|trainable|dtype|batch_input_shape|batchInputShape|sparse|ragged)$|_(initializer|regularizer|constraint)$/;

function layerAttributes(config: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (quietKey.test(key)) continue;
    if (Array.isArray(value)) attributes[key] = JSON.stringify(value);
    else if (typeof value === 'string') attributes[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') attributes[key] = String(value);
  }
  return attributes;
}

const decode = (s: string | number[]) => (Array.isArray(s) ? String.fromCharCode(...s) : atob(s));

/** A TF attribute in a few characters; tensors and types are left out (the op's dtype says the type). */
function attrText(attr: TfAttr): string | null {
  if (attr.s !== undefined) return decode(attr.s);
  if (attr.i !== undefined) return String(attr.i);
  if (attr.f !== undefined) return String(attr.f);
  if (attr.b !== undefined) return String(attr.b);
  const list = attr.list?.i ?? attr.list?.f ?? attr.list?.s?.map(decode);
  return list?.length ? `[${list.join(',')}]` : null;
}

const tfDtype: Record<string, TensorDtype> = { DT_INT32: 'int32', DT_BOOL: 'bool' };

/** Layers in topological order; the input layer is left out (both configurations get the same bytes). */
function layersNodes(json: TfjsModelJson): TfjsNodes {
  const topology = readTopology(json);
  const nodes = topologicalOrder(topology.layers)
    .filter((l) => l.className !== 'InputLayer')
    .map((l) => ({
      name: l.name,
      opType: l.className,
      domain: '',
      attributes: layerAttributes(l.config),
      inputs: l.inbound,
      outputs: [{ name: l.name, dtype: 'float32' as const, quantization: null }],
    }));
  return { nodes, outputs: [topology.outputName], method: 'layer-outputs' };
}

/** The nodes the outputs depend on, inputs first; constants and placeholders are not computed, so not captured. */
function graphNodes(json: TfjsModelJson): TfjsNodes {
  const { nodes, outputs } = readGraph(json);
  const computed = reachableInOrder(nodes, outputs).filter(
    (n) => !['Const', 'Placeholder', 'NoOp'].includes(n.op),
  );
  return {
    nodes: computed.map((n) => {
      const attributes: Record<string, string> = {};
      for (const [key, attr] of Object.entries(n.attr ?? {})) {
        const text = key === 'T' || key === 'dtype' || key.startsWith('_') ? null : attrText(attr);
        if (text !== null) attributes[key] = text;
      }
      const type = n.attr?.T?.type ?? n.attr?.dtype?.type ?? '';
      return {
        name: n.name,
        opType: n.op,
        domain: '',
        attributes,
        inputs: n.inputs,
        outputs: [{ name: n.name, dtype: tfDtype[type] ?? 'float32', quantization: null }],
      };
    }),
    outputs,
    method: 'graph-nodes',
  };
}

/**
 * What localization captures in a TF.js model, in the order it compares them: every layer of a layers
 * model (its output is named after the layer, as the adapter answers it), every computing node of a
 * graph model (named after the node, as `execute` takes it). The converter's topology readers are used,
 * so a model they cannot read (a shared layer, a node's second output) is refused with their reason.
 */
export function tfjsNodes(json: TfjsModelJson): TfjsNodes {
  return isGraphModel(json) ? graphNodes(json) : layersNodes(json);
}
