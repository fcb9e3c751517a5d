import type { OnnxNode, OnnxTensor, OnnxValueInfo } from '../convert/onnx/onnx-model';
import { DataType } from '../convert/onnx/onnx-schema';
import { attributes, type AttrValue } from './node-attributes';
import { inferNode, type ConstData, type FuzzDtype, type ValueFacts } from './infer-node';

/** No tensor of a generated graph holds more values than this: graphs stay small and fast everywhere. */
export const MAX_ELEMENTS = 8192;

const onnxType: Record<FuzzDtype, number> = {
  float32: DataType.FLOAT,
  uint8: DataType.UINT8,
  int32: DataType.INT32,
  int64: DataType.INT64,
};

export function typedValue(name: string, dtype: FuzzDtype, shape: readonly number[]): OnnxValueInfo {
  return {
    name,
    type: { tensorType: { elemType: onnxType[dtype], shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
  };
}

/**
 * A graph under construction. Every node added is checked by `inferNode` (shape, dtype, value bound)
 * at once, so a graph the builder holds is valid by construction; `attempt` rolls back a step whose
 * node is not.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly inputs: { name: string; shape: number[] }[] = [];
  readonly facts = new Map<string, ValueFacts>();
  #names = 0;

  constructor(readonly inputScale: number) {}

  #name(prefix: string): string {
    return `${prefix}${this.#names++}`;
  }

  input(shape: number[]): string {
    const name = this.#name('input_');
    this.inputs.push({ name, shape });
    this.facts.set(name, { dtype: 'float32', shape, bound: this.inputScale });
    return name;
  }

  constant(dtype: FuzzDtype, shape: number[], data: ConstData): string {
    const name = this.#name('const_');
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims: shape, dataType: onnxType[dtype], rawData: bytes.slice() });
    const bound = Array.from(data, Number).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    this.facts.set(name, { dtype, shape, bound, data });
    return name;
  }

  /** Adds a node with one output (an empty input name is an omitted optional input); returns the output. */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    const output = this.#name('t');
    const node: OnnxNode = {
      name: `${opType}_${this.nodes.length}`,
      opType,
      input: inputs,
      output: [output],
      attribute: attributes(attrs),
    };
    const [facts] = inferNode(
      node,
      inputs.map((name) => (name ? this.facts.get(name) : undefined)),
    );
    const elements = facts.shape.reduce((a, b) => a * b, 1);
    if (elements > MAX_ELEMENTS) throw new Error(`${node.name}: ${elements} values, above ${MAX_ELEMENTS}`);
    this.nodes.push(node);
    this.facts.set(output, facts);
    return output;
  }

  /** Runs a step; if any node it adds is invalid, the graph is left as it was and null returned. */
  attempt(step: () => string): string | null {
    const counts = [this.nodes.length, this.initializers.length, this.inputs.length];
    const known = new Set(this.facts.keys());
    try {
      return step();
    } catch {
      this.nodes.length = counts[0];
      this.initializers.length = counts[1];
      this.inputs.length = counts[2];
      for (const name of this.facts.keys()) if (!known.has(name)) this.facts.delete(name);
      return null;
    }
  }
}
