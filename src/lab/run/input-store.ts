import { groundTruthFromFileName } from '../../core/labels';
import type { InputTensor } from '../../core/preprocess/to-input-tensor';
import type { PreprocessSpec } from '../../core/model-manifest';
import type { ImageResult } from '../../core/result-schema';
import type { ImageSource } from '../images/image-sources';
import { errorText } from './config-lane';
import { inThreadDecoder, type InputDecoder, type OpenDecoder } from './input-decoder';

interface Prepared {
  result: ImageResult;
  tensor: InputTensor | null;
}

/** Input tensors kept in memory up to this many bytes (about 220 images at 224×224×3 float32). */
export const DEFAULT_KEEP_BYTES = 128 * 1024 * 1024;

/**
 * Every image of a run, decoded and preprocessed once, so that each configuration (run one after the
 * other) receives byte-identical input. Tensors are kept in memory up to a budget; past it, an image is
 * decoded again when its turn comes and its tensor's sha256 must equal the first one's. `openDecoder` says
 * where the first decoding runs (the page's pool of decode workers, or in-thread); the decoder is closed
 * before `prepareAll` returns, so nothing of it is alive while a configuration is loaded or timed.
 * Re-derivation runs in-thread.
 */
export class InputStore {
  readonly images: ImageResult[] = [];
  readonly #kept = new Map<number, InputTensor>();
  #keptBytes = 0;

  constructor(
    private readonly sources: ImageSource[],
    private readonly preprocess: PreprocessSpec,
    private readonly keepBytes = DEFAULT_KEEP_BYTES,
    private readonly openDecoder: OpenDecoder = () => inThreadDecoder,
  ) {}

  /** Decodes every image once; `images[i].decodeError` says why one has no tensor. */
  async prepareAll(): Promise<ImageResult[]> {
    const decoder = this.openDecoder(this.sources.length);
    // Each lane reads and prepares the next image, so at most `parallel` files are in flight; they can
    // finish out of order and are taken in image order.
    const finished = new Map<number, Prepared>();
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < this.sources.length; index = next++) {
        finished.set(index, await this.#prepare(this.sources[index], decoder));
        for (let done = finished.get(this.images.length); done; done = finished.get(this.images.length)) {
          finished.delete(this.images.length);
          this.#take(done);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: decoder.parallel }, lane));
    } finally {
      decoder.close();
    }
    return this.images;
  }

  /** The next image in order: its result, and its tensor while the budget allows. */
  #take({ result, tensor }: Prepared): void {
    const index = this.images.push(result) - 1;
    if (tensor && this.#keptBytes + tensor.data.byteLength <= this.keepBytes) {
      this.#kept.set(index, tensor);
      this.#keptBytes += tensor.data.byteLength;
    }
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
    const { tensor, result } = await this.#prepare(this.sources[index], inThreadDecoder);
    if (!tensor || result.inputSha256 !== image.inputSha256) {
      throw new Error(
        `${image.name}: the input re-derived from the file differs from the first (sha256 ${result.inputSha256 ?? 'none'}, was ${image.inputSha256}); was the file changed during the run?`,
      );
    }
    return tensor;
  }

  async #prepare(source: ImageSource, decoder: InputDecoder): Promise<Prepared> {
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
      const prepared = await decoder.prepare(await source.read(), source.name, this.preprocess);
      result.fileSha256 = prepared.fileSha256;
      result.width = prepared.width;
      result.height = prepared.height;
      result.inputSha256 = prepared.input?.sha256 ?? null;
      if (prepared.decodeError !== null) result.decodeError = errorText(prepared.decodeError);
      return { result, tensor: prepared.input?.tensor ?? null };
    } catch (error) {
      result.decodeError = errorText(error);
      return { result, tensor: null };
    }
  }
}
