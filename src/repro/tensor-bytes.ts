import type { TensorData, TensorDtype } from '../core/tensor';

/**
 * A tensor file's little-endian bytes as the typed array the lab and onnxruntime take for its dtype
 * (float16 as its raw bits, bool one byte per element). Copies, so the view is aligned and owned.
 * Self-contained on purpose: repro.html and repro-node.mjs embed its source text.
 */
export function tensorView(dtype: TensorDtype, bytes: Uint8Array): TensorData {
  const copy = new Uint8Array(bytes).buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(copy);
    case 'float16':
      return new Uint16Array(copy);
    case 'int32':
      return new Int32Array(copy);
    case 'int64':
      return new BigInt64Array(copy);
    case 'int8':
      return new Int8Array(copy);
    case 'uint8':
    case 'bool':
      return new Uint8Array(copy);
  }
}

/** A tensor's element bytes, to keep as a file. */
export function tensorBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}
