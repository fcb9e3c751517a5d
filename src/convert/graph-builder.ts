import { AttributeType, DataType, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx-proto';

export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: number[]): OnnxAttribute => ({ name, type: AttributeType.INTS, ints }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f }),
};

/**
 * The ONNX MaxPool/AveragePool node for a TF pooling: TF's average pooling leaves SAME padding out of
 * the count, hence count_include_pad=0.
 */
export function poolNode(max: boolean, kernel: number[], strides: number[], pads: number[]) {
  const attributes = [
    attr.ints('kernel_shape', kernel),
    attr.ints('strides', strides),
    attr.ints('pads', pads),
  ];
  if (!max) attributes.push(attr.int('count_include_pad', 0));
  return { op: max ? 'MaxPool' : 'AveragePool', attributes };
}

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

  /** NCHW value → NHWC tensor (for Flatten, Reshape and exposed outputs, whose element order is the source's). */
  toNhwc(value: Value, name: string): string {
    if (!value.nchw) return value.name;
    this.node('Transpose', name, [value.name], [name], [attr.ints('perm', [0, 2, 3, 1])]);
    return name;
  }
}
