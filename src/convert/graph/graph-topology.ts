import type { TfjsModelJson } from '../../core/tfjs-model-json';
import { ConversionError } from '../shared/conversion';

/** A TF AttrValue as tfjs-converter writes it into model.json (protobuf JSON: int64 as strings, bytes as base64). */
export interface TfAttr {
  s?: string | number[];
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  list?: { s?: (string | number[])[]; i?: (string | number)[]; f?: number[] };
  tensor?: unknown;
}

/** One TF NodeDef of a graph model's `modelTopology.node`. */
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

/** A node with its data inputs as node names (`x:0` → `x`; control inputs `^x` dropped). */
export interface GraphNode extends TfNode {
  inputs: string[];
}

export function readGraph(json: TfjsModelJson): { nodes: Map<string, GraphNode>; outputs: string[] } {
  const topology = json.modelTopology as { node?: TfNode[] } | undefined;
  if (!Array.isArray(topology?.node))
    throw new ConversionError('model.json: graph model without modelTopology.node');
  const nodes = new Map<string, GraphNode>();
  for (const node of topology.node) {
    if (typeof node.name !== 'string' || typeof node.op !== 'string')
      throw new ConversionError(`model.json: node ${JSON.stringify(node).slice(0, 80)} lacks a name or op`);
    const inputs: string[] = [];
    for (const input of node.input ?? []) {
      if (input.startsWith('^')) continue;
      const [name, index = '0'] = input.split(':');
      if (index !== '0')
        throw new ConversionError(
          `node ${node.name} (${node.op}): input ${input}, only first outputs are supported`,
        );
      inputs.push(name);
    }
    nodes.set(node.name, { ...node, inputs });
  }
  const signed = Object.values(json.signature?.outputs ?? {}).map((o) => (o.name ?? '').split(':')[0]);
  const consumed = new Set([...nodes.values()].flatMap((n) => n.inputs));
  // As tfjs-converter does without a signature: every node nothing reads is an output.
  const outputs = signed.length
    ? signed
    : [...nodes.values()]
        .filter((n) => !consumed.has(n.name) && !['Const', 'Placeholder', 'NoOp'].includes(n.op))
        .map((n) => n.name);
  for (const name of outputs)
    if (!nodes.has(name)) throw new ConversionError(`signature output ${name} is not a node of the graph`);
  return { nodes, outputs };
}

/** Nodes the outputs depend on, inputs first. */
export function reachableInOrder(nodes: Map<string, GraphNode>, outputs: string[]): GraphNode[] {
  const order: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, from: string) => {
    const node = nodes.get(name);
    if (!node) throw new ConversionError(`node ${from}: input ${name} does not exist`);
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ConversionError(`node ${name}: cycle in the graph`);
    state.set(name, 'visiting');
    for (const input of node.inputs) visit(input, name);
    state.set(name, 'done');
    order.push(node);
  };
  for (const output of outputs) visit(output, 'output');
  return order;
}

function decodeString(value: string | number[]): string {
  return Array.isArray(value) ? String.fromCharCode(...value) : atob(value);
}

/** Typed access to a node's attributes, with errors naming the node. */
export class NodeAttrs {
  constructor(private readonly node: TfNode) {}

  private get(name: string): TfAttr | undefined {
    return this.node.attr?.[name];
  }

  string(name: string, fallback?: string): string {
    const value = this.get(name)?.s;
    if (value === undefined) {
      if (fallback === undefined) this.missing(name);
      return fallback;
    }
    return decodeString(value);
  }

  strings(name: string): string[] {
    return (this.get(name)?.list?.s ?? []).map(decodeString);
  }

  ints(name: string, fallback?: number[]): number[] {
    const list = this.get(name)?.list?.i;
    if (!list) {
      if (fallback === undefined) this.missing(name);
      return fallback;
    }
    return list.map(Number);
  }

  int(name: string, fallback: number): number {
    const value = this.get(name)?.i;
    return value === undefined ? fallback : Number(value);
  }

  float(name: string, fallback: number): number {
    return this.get(name)?.f ?? fallback;
  }

  bool(name: string): boolean {
    return this.get(name)?.b === true;
  }

  /** A `shape` attribute (Placeholder): unknown dimensions (-1) become null. */
  shape(name: string): (number | null)[] {
    const shape = this.get(name)?.shape;
    if (!shape || shape.unknownRank) this.missing(name);
    return (shape.dim ?? []).map((d) => {
      const size = Number(d.size ?? -1);
      return size < 0 ? null : size;
    });
  }

  private missing(name: string): never {
    throw new ConversionError(`node ${this.node.name} (${this.node.op}): attribute ${name} is missing`);
  }
}
