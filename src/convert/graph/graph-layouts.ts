import type { Weight } from '../shared/decode-weights';
import type { GraphBuilder, Value } from '../shared/graph-builder';
import { nchwOrder } from '../shared/shapes';
import { transpose4d } from '../shared/weight-layout';

/** NHWC data of a constant (rank ≤ 4, left-padded with 1s) → NCHW data and dims, for broadcasting against NCHW values. */
function nchwConstant({ shape, values }: Weight): { dims: number[]; values: Float32Array } {
  const nhwc = [...new Array<number>(4 - shape.length).fill(1), ...shape];
  return { dims: nchwOrder.map((axis) => nhwc[axis]), values: transpose4d(values, nhwc, nchwOrder) };
}

/**
 * Moves values between the layouts the converted graph holds: 4D values live in NCHW (`nchw: true`)
 * once an op that needs channels-first has asked for them, or in the source's NHWC. Every transpose
 * and every constant initializer is emitted once, however many nodes ask for it.
 * (ONNX tensor names derived from a node use `#`, which TF node names cannot contain.)
 */
export class Layouts {
  private readonly made = new Map<string, Value>();

  constructor(private readonly g: GraphBuilder) {}

  private once(key: string, make: () => Value): Value {
    let value = this.made.get(key);
    if (!value) this.made.set(key, (value = make()));
    return value;
  }

  nchw(value: Value): Value {
    if (value.nchw) return value;
    return this.once(`${value.name}#nchw`, () => ({
      name: this.g.transpose(value.name, `${value.name}#nchw`, nchwOrder),
      shape: value.shape,
      nchw: true,
    }));
  }

  nhwc(value: Value): Value {
    if (!value.nchw) return value;
    return this.once(`${value.name}#nhwc`, () => ({
      name: this.g.toNhwc(value, `${value.name}#nhwc`),
      shape: value.shape,
      nchw: false,
    }));
  }

  /** A constant node as an initializer in the source layout. */
  constant(name: string, weight: Weight): Value {
    return this.once(name, () => ({
      name: this.g.floats(name, weight.shape, weight.values),
      shape: weight.shape,
      nchw: false,
    }));
  }

  /** A constant laid out to broadcast against NCHW values the way its NHWC source broadcasts against NHWC. */
  constantNchw(name: string, weight: Weight): Value {
    return this.once(`${name}#nchw`, () => {
      const { dims, values } = nchwConstant(weight);
      const [n, c, h, w] = dims;
      return { name: this.g.floats(`${name}#nchw`, dims, values), shape: [n, h, w, c], nchw: true };
    });
  }
}
