import { sha256Hex } from '../core/preprocess/sha256';
import { gatherModelFiles } from './fetch-model-files';
import type { LoadRequest, ModelFiles, ModelSource } from './runtime-adapter';

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

/** Every adapter's first load step: the model's files, how long fetching them took, and the entry's hash. */
export async function fetchModel(
  request: LoadRequest,
): Promise<{ files: ModelFiles; fetchMs: number; sha256: string }> {
  const fetchStart = performance.now();
  const files = await gatherModelFiles(request.format, request.source);
  const fetchMs = performance.now() - fetchStart;
  return { files, fetchMs, sha256: await modelSha256(files, request.source) };
}
