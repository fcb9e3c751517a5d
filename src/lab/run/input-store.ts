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

/** Told of each image as it is prepared, in image order; throwing stops the decoding (a resume mismatch). */
export type OnPrepared = (index: number, image: ImageResult) => void;

/**
 * Every image of a run, decoded and preprocessed once, so that each configuration (run one after the
 * other) receives byte-identical input. Decoding comes in two parts: `prepareFirst` on this thread, up to
 * the first image that decodes (what a configuration is loaded and timed on), and `decodeRest`, which
 * starts the decoder `openDecoder` gives for the rest and takes them in image order as they come;
 * `prepareAll` waits for them and closes the decoder. Tensors are kept in memory up to a budget; past it,
 * an image is decoded again (in-thread) when its turn comes and its tensor's sha256 must equal the first
 * one's.
 */
export class InputStore {
  /** The images prepared so far, in order: every one of them once `prepareAll` has returned. */
  readonly images: ImageResult[] = [];
  readonly #kept = new Map<number, InputTensor>();
  #keptBytes = 0;
  #decoding: Promise<void> | null = null;
  #decoder: InputDecoder | null = null;
  #failure: Error | null = null;
  /** Wakes whoever waits for an image, at each image taken. */
  readonly #taken = new Wakeup();
  /** How many images have been asked for (the furthest index + 1): the decoder keeps a little ahead. */
  #asked = 0;
  /** Wakes the decoder's lanes when more images are asked for. */
  readonly #moreAsked = new Wakeup();

  constructor(
    private readonly sources: ImageSource[],
    private readonly preprocess: PreprocessSpec,
    private readonly keepBytes = DEFAULT_KEEP_BYTES,
    private readonly openDecoder: OpenDecoder = () => inThreadDecoder,
    private readonly onPrepared: OnPrepared = () => {},
  ) {}

  /** Prepares images in order on this thread until one decodes; its index, or -1 if none did (all tried). */
  async prepareFirst(): Promise<number> {
    while (this.firstDecoded < 0 && this.images.length < this.sources.length) {
      this.#take(await this.#prepare(this.sources[this.images.length], inThreadDecoder));
    }
    return this.firstDecoded;
  }

  /**
   * Starts preparing every image not prepared yet, with the decoder `openDecoder` gives; does nothing if
   * started before. `besideRuntime`: a configuration computes meanwhile, so the decoder leaves it a core.
   */
  decodeRest(besideRuntime: boolean): void {
    if (this.#decoding || this.images.length === this.sources.length) return;
    const decoder = (this.#decoder = this.openDecoder(
      this.sources.length - this.images.length,
      besideRuntime,
    ));
    // Each lane reads and prepares the next image, so at most `parallel` files are in flight; they can
    // finish out of order and are taken in image order.
    const finished = new Map<number, Prepared>();
    let next = this.images.length;
    const lane = async () => {
      for (let index = next++; index < this.sources.length && !this.#failure; index = next++) {
        // Paced by the runtime: decoding flat out beside it would take its core (with the reads, the
        // server and the page, more than the one core it leaves), so each lane waits until its image is
        // at most `parallel` images past the furthest one asked for.
        while (index >= this.#asked + decoder.parallel) await this.#moreAsked.next();
        finished.set(index, await this.#prepare(this.sources[index], decoder));
        for (let done = finished.get(this.images.length); done; done = finished.get(this.images.length)) {
          finished.delete(this.images.length);
          this.#take(done);
        }
      }
    };
    this.#decoding = Promise.all(Array.from({ length: decoder.parallel }, lane))
      .then(
        () => {},
        (error: unknown) => this.#fail(error),
      )
      .finally(() => this.close());
  }

  /** Every image, prepared: starts decoding if nothing has, waits for the rest, and closes the decoder. */
  async prepareAll(): Promise<ImageResult[]> {
    this.#ask(this.sources.length);
    this.decodeRest(false);
    await this.#decoding;
    if (this.#failure) throw this.#failure;
    return this.images;
  }

  /** Ends the decoder, whatever it was doing (the run failed or was cancelled); safe to call again. */
  close(): void {
    this.#decoder?.close();
    this.#decoder = null;
  }

  /** Index of the first image that decoded, which drives load checks and timing; -1 if none did. */
  get firstDecoded(): number {
    return this.images.findIndex((image) => image.inputSha256 !== null);
  }

  /** The image's record, once it is prepared (waits for the decoding started by `decodeRest`). */
  async image(index: number): Promise<ImageResult> {
    if (index >= this.sources.length)
      throw new RangeError(`no image ${index + 1}: the run has ${this.sources.length}`);
    this.#ask(index + 1);
    while (index >= this.images.length) {
      if (this.#failure) throw this.#failure;
      if (!this.#decoding) throw new Error(`image ${index + 1} is not being prepared: call decodeRest first`);
      await this.#taken.next();
    }
    return this.images[index];
  }

  /** The image's input tensor, identical for every configuration; null when it could not be decoded. */
  async tensor(index: number): Promise<InputTensor | null> {
    const image = await this.image(index);
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

  /** The next image in order: its result, and its tensor while the budget allows. */
  #take({ result, tensor }: Prepared): void {
    this.onPrepared(this.images.length, result);
    const index = this.images.push(result) - 1;
    if (tensor && this.#keptBytes + tensor.data.byteLength <= this.keepBytes) {
      this.#kept.set(index, tensor);
      this.#keptBytes += tensor.data.byteLength;
    }
    this.#taken.wake();
  }

  #ask(count: number): void {
    if (count <= this.#asked) return;
    this.#asked = count;
    this.#moreAsked.wake();
  }

  #fail(error: unknown): void {
    this.#failure = error instanceof Error ? error : new Error(String(error));
    this.#taken.wake(); // whoever waits finds the failure
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

/** A promise to wait on until the next `wake`, then a fresh one. */
class Wakeup {
  #wake = () => {};
  #next = this.#arm();

  next(): Promise<void> {
    return this.#next;
  }

  wake(): void {
    this.#wake();
    this.#next = this.#arm();
  }

  #arm(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }
}
