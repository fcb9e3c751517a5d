import type { OnnxAttribute, OnnxNode, OnnxTensor } from '../onnx/onnx-model';
import { AttributeType, DataType } from '../onnx/onnx-schema';
import { nchwAxis } from './shapes';

export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: number[]): OnnxAttribute => ({ name, type: AttributeType.INTS, ints }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f }),
};

/**
 * A value flowing through the converted graph. `shape` is always the source (TF.js, channels-last)
 * shape with the batch dimension null; `nchw` says the ONNX tensor holds a 4D value transposed to NCHW.
 */
export interface Value {
  name: string;
  shape: (number | null)[];
  nchw: boolean;
}

/** Collects ONNX nodes and initializers in emission (topological) order. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];

  node(
    opType: string,
    name: string,
    input: string[],
    output: string[],
    attribute: OnnxAttribute[] = [],
  ): void {
    this.nodes.push({ opType, name, input, output, attribute });
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    const bytes = new Uint8Array(
      values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength),
    );
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: bytes });
    return name;
  }

  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: DataType.INT64,
      rawData: new Uint8Array(data.buffer),
    });
    return name;
  }

  /** A Transpose node named after its output. */
  transpose(input: string, output: string, perm: number[]): string {
    this.node('Transpose', output, [input], [output], [attr.ints('perm', perm)]);
    return output;
  }

  /** NCHW value → NHWC tensor (for Flatten, Reshape and exposed outputs, whose element order is the source's). */
  toNhwc(value: Value, name: string): string {
    return value.nchw ? this.transpose(value.name, name, nchwAxis) : value.name;
  }
}
