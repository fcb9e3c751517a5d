import type { TfjsModelJson, WeightSpec } from '../../core/tfjs-model-json';
import type { TfAttr, TfNode } from './graph-topology';

/** TF AttrValues in the protobuf JSON that tfjs-converter writes (int64 as strings, bytes as base64). */
export const tfAttr = {
  str: (s: string): TfAttr => ({ s: btoa(s) }),
  strs: (list: string[]): TfAttr => ({ list: { s: list.map((s) => btoa(s)) } }),
  ints: (list: number[]): TfAttr => ({ list: { i: list.map(String) } }),
  int: (i: number): TfAttr => ({ i: String(i) }),
  bool: (b: boolean): TfAttr => ({ b }),
  float: { type: 'DT_FLOAT' } as TfAttr,
};

/**
 * Writes a TF.js graph model (model.json + weight bytes) by hand, as tfjs-converter would: test
 * models for the graph converter, without downloading one.
 */
export class GraphModelFixture {
  private readonly nodes: TfNode[] = [];
  private readonly specs: WeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];

  placeholder(name: string, shape: number[]): string {
    this.nodes.push({
      name,
      op: 'Placeholder',
      attr: { dtype: tfAttr.float, shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } },
    });
    return name;
  }

  /** A float32 (or int32) constant whose value lives in the weights manifest under the node's name. */
  constant(
    name: string,
    shape: number[],
    values: ArrayLike<number>,
    dtype: 'float32' | 'int32' = 'float32',
  ): string {
    const type = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({
      name,
      op: 'Const',
      attr: {
        dtype: { type },
        value: {
          tensor: { dtype: type, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } },
        },
      },
    });
    const data = dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
    this.specs.push({ name, shape, dtype });
    this.chunks.push(new Uint8Array(data.buffer));
    return name;
  }

  ints(name: string, values: number[]): string {
    return this.constant(name, [values.length], values, 'int32');
  }

  op(op: string, name: string, input: string[], attr: Record<string, TfAttr> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: tfAttr.float, ...attr } });
    return name;
  }

  build(): { json: TfjsModelJson; data: Uint8Array } {
    const data = new Uint8Array(this.chunks.reduce((n, c) => n + c.byteLength, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return {
      json: {
        format: 'graph-model',
        modelTopology: { node: this.nodes, library: {}, versions: {} },
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: this.specs }],
      },
      data,
    };
  }
}
