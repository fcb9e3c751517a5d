import { groundTruthFromFileName } from '../../core/labels';
import { decodeImage } from '../../core/preprocess/decode-image';
import { sha256Hex } from '../../core/preprocess/sha256';
import { toInputTensor, type InputTensor } from '../../core/preprocess/to-input-tensor';
import type { PreprocessSpec } from '../../core/model-manifest';
import type { ImageResult } from '../../core/result-schema';
import type { ImageSource } from '../images/image-sources';
import { errorText } from './config-lane';

/** Input tensors kept in memory up to this many bytes (about 220 images at 224×224×3 float32). */
export const DEFAULT_KEEP_BYTES = 128 * 1024 * 1024;

/**
 * Every image of a run, decoded and preprocessed once, so that each configuration (run one after the
 * other) receives byte-identical input. Tensors are kept in memory up to a budget; past it, an image is
 * decoded again when its turn comes and its tensor's sha256 must equal the first one's.
 */
export class InputStore {
  readonly images: ImageResult[] = [];
  readonly #kept = new Map<number, InputTensor>();
  #keptBytes = 0;

  constructor(
    private readonly sources: ImageSource[],
    private readonly preprocess: PreprocessSpec,
    private readonly keepBytes = DEFAULT_KEEP_BYTES,
  ) {}

  /** Decodes every image once; `images[i].decodeError` says why one has no tensor. */
  async prepareAll(): Promise<ImageResult[]> {
    for (const [index, source] of this.sources.entries()) {
      const { result, tensor } = await this.#prepare(source);
      this.images.push(result);
      if (tensor && this.#keptBytes + tensor.data.byteLength <= this.keepBytes) {
        this.#kept.set(index, tensor);
        this.#keptBytes += tensor.data.byteLength;
      }
    }
    return this.images;
  }

  /** Index of the first image that decoded, which drives load checks and timing; -1 if none did. */
  get firstDecoded(): number {
    return this.images.findIndex((image) => image.inputSha256 !== null);
  }

  /** The image's input tensor, identical for every configuration; null when it could not be decoded. */
  async tensor(index: number): Promise<InputTensor | null> {
    const image = this.images[index];
    if (image.inputSha256 === null) return null;
    const kept = this.#kept.get(index);
    if (kept) return kept;
    const { tensor, result } = await this.#prepare(this.sources[index]);
    if (!tensor || result.inputSha256 !== image.inputSha256) {
      throw new Error(
        `${image.name}: the input re-derived from the file differs from the first (sha256 ${result.inputSha256 ?? 'none'}, was ${image.inputSha256}); was the file changed during the run?`,
      );
    }
    return tensor;
  }

  async #prepare(source: ImageSource): Promise<{ result: ImageResult; tensor: InputTensor | null }> {
    const result: ImageResult = {
      name: source.name.replace(/[<>]/g, ''),
      fileSha256: null,
      inputSha256: null,
      width: null,
      height: null,
      groundTruth: groundTruthFromFileName(source.name),
      decodeError: null,
      outcomes: [],
    };
    try {
      const bytes = await source.read();
      result.fileSha256 = await sha256Hex(bytes);
      const image = decodeImage(bytes, source.name);
      result.width = image.width;
      result.height = image.height;
      const tensor = toInputTensor(image, this.preprocess);
      result.inputSha256 = await sha256Hex(tensor.data);
      return { result, tensor };
    } catch (error) {
      result.decodeError = errorText(error);
      return { result, tensor: null };
    }
  }
}
