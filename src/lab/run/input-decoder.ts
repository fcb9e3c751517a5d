import type { PreprocessSpec } from '../../core/model-manifest';
import { prepareInput, type PreparedInput } from '../../core/preprocess/prepare-input';

/**
 * Turns a run's image files into input tensors (`prepareInput`), on the page or elsewhere. InputStore
 * keeps `parallel` calls in flight and closes the decoder once every image is prepared.
 */
export interface InputDecoder {
  /** How many calls to keep in flight (each holding one file read) to keep it busy. */
  readonly parallel: number;
  /** `bytes` is handed over (a worker takes its buffer): the caller must not use it after. */
  prepare(bytes: Uint8Array, fileName: string, preprocess: PreprocessSpec): Promise<PreparedInput>;
  /** Ends whatever it started; safe to call more than once. */
  close(): void;
}

/**
 * Chooses the decoder for `imageCount` images; `besideRuntime`: a configuration runs its images
 * meanwhile, so the decoder should leave it a core.
 */
export type OpenDecoder = (imageCount: number, besideRuntime: boolean) => InputDecoder;

/** Decodes on the calling thread, one image at a time: Node, first images, short runs, re-derivation. */
export const inThreadDecoder: InputDecoder = { parallel: 1, prepare: prepareInput, close: () => {} };
