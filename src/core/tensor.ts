/**
 * The one tensor shape that crosses every boundary between the lab and a runtime: named, typed, shaped.
 * float16 travels as its raw bits (Uint16Array), bool as one byte per element (Uint8Array, 0 or 1).
 */
export type TensorDtype = 'float32' | 'float16' | 'int32' | 'int64' | 'int8' | 'uint8' | 'bool';

export interface TensorDataByDtype {
  float32: Float32Array;
  float16: Uint16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  int8: Int8Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

export type TensorData = TensorDataByDtype[TensorDtype];

export interface NamedTensor<D extends TensorDtype = TensorDtype> {
  name: string;
  dtype: D;
  shape: number[];
  data: TensorDataByDtype[D];
}

/** What a model declares for one input or output; a dimension it leaves open is null. */
export interface TensorInfo {
  name: string;
  dtype: TensorDtype | null;
  shape: (number | null)[] | null;
}

const bytesPerElement: Record<TensorDtype, number> = {
  float32: 4,
  float16: 2,
  int32: 4,
  int64: 8,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** How many bytes a tensor of this dtype and shape takes. */
export function byteLength(dtype: TensorDtype, shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1) * bytesPerElement[dtype];
}
