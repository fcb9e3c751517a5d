import type { EmitContext } from './emit-context';
import type { Value } from './graph-builder';

/** The source (NHWC) axes in the order an NCHW tensor holds them; also the Transpose perm to NCHW. */
export const nchwOrder = [0, 3, 1, 2];
/** Where each source axis sits in an NCHW tensor; also the Transpose perm back to NHWC. */
export const nchwAxis = [0, 2, 3, 1];

/** A source axis (negative allowed) as 0..rank-1; fails naming the layer or node when out of range. */
export function normalAxis(ctx: Pick<EmitContext, 'fail'>, axis: number, rank: number): number {
  const normal = axis < 0 ? axis + rank : axis;
  if (normal < 0 || normal >= rank) ctx.fail(`axis ${axis} out of range for rank ${rank}`);
  return normal;
}

/** A source axis (negative allowed) of a value → the ONNX axis of the tensor that holds it. */
export function onnxAxis(ctx: Pick<EmitContext, 'fail'>, value: Value, axis: number): number {
  const normal = normalAxis(ctx, axis, value.shape.length);
  return value.nchw ? nchwAxis[normal] : normal;
}

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** A reshape's output dims: the one -1 in `target` is inferred from the element count when `dims` are all known. */
export function resolveReshape(dims: (number | null)[], target: number[]): (number | null)[] {
  const size = dims.every((d) => d !== null) ? product(dims) : null;
  const fixed = product(target.filter((d) => d !== -1));
  return target.map((d) => (d !== -1 ? d : size === null ? null : size / fixed));
}
