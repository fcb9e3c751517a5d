import { sha256Hex } from '../core/preprocess/sha256';
import type { ModelFiles, ModelSource } from './runtime-adapter';

export function concatBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}

/**
 * The model's identity is the hash of its entry file (model.json or .onnx), as listed in the
 * manifest. A declared hash that does not match means the files are not the model the manifest names.
 */
export async function modelSha256(model: ModelFiles, source: ModelSource): Promise<string> {
  const sha256 = await sha256Hex(model.files[model.entry]);
  if (source.kind === 'url' && source.sha256 && source.sha256 !== sha256) {
    throw new Error(`${model.entry}: sha256 ${sha256} does not match the manifest's ${source.sha256}`);
  }
  return sha256;
}
