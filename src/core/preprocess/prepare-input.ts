import type { PreprocessSpec } from '../model-manifest';
import { decodeImage } from './decode-image';
import { sha256Hex } from './sha256';
import { toInputTensor, type InputTensor } from './to-input-tensor';

/** One image file as a run's input, or why it cannot be one; what the run records about the image. */
export interface PreparedInput {
  fileSha256: string;
  /** The decoded size; null when the file did not decode. */
  width: number | null;
  height: number | null;
  /** The input tensor and the sha256 of its bytes; null when `decodeError` says why there is none. */
  input: { tensor: InputTensor; sha256: string } | null;
  decodeError: string | null;
}

/**
 * Hashes the file, decodes it, preprocesses it to the model's input and hashes that: the same steps, and
 * so the same bytes, on the page, in a decode worker or in Node. A file that cannot become an input is an
 * answer (`decodeError`, naming the file), not a throw, so it can cross a worker boundary as data.
 */
export async function prepareInput(
  bytes: Uint8Array,
  fileName: string,
  preprocess: PreprocessSpec,
): Promise<PreparedInput> {
  const prepared: PreparedInput = {
    fileSha256: await sha256Hex(bytes),
    width: null,
    height: null,
    input: null,
    decodeError: null,
  };
  try {
    const image = await decodeImage(bytes, fileName);
    prepared.width = image.width;
    prepared.height = image.height;
    const tensor = toInputTensor(image, preprocess);
    prepared.input = { tensor, sha256: await sha256Hex(tensor.data) };
  } catch (error) {
    prepared.decodeError = error instanceof Error ? error.message : String(error);
  }
  return prepared;
}
