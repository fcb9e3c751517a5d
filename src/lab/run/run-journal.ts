import type { ConfigResult, ImageConfigOutcome, ImageResult } from '../../core/result-schema';

/** What an interrupted run had measured when it stopped: enough to carry on without redoing any of it. */
export interface RestoredRun {
  runId: string;
  startedAt: string;
  /** How many images the run was started on. */
  imageCount: number;
  /** Each image written down before the stop, by index, as first prepared (hashes included), with its outcomes. */
  images: Map<number, ImageResult>;
  /** Configurations that finished: loaded, timed, every image classified, closed. */
  configs: ConfigResult[];
  /** The reference configuration's output per image index, which later configurations compare with. */
  referenceOutputs: Map<number, Float32Array>;
}

/**
 * Where a run writes down what it measured as it goes, so a reload, a crash or a killed tab loses at most
 * the image in flight and the one before it (its checkpoint is written while the next image infers). The
 * page keeps it in IndexedDB; a run without one keeps nothing.
 */
export interface RunJournal {
  /** What an earlier attempt of this run measured; null for a new run. */
  readonly restored: RestoredRun | null;
  begin(runId: string, startedAt: string, imageCount: number): Promise<void>;
  /**
   * An image as it is prepared (images are decoded while the first configuration runs): written with the
   * next checkpoint, so never after an outcome measured on it.
   */
  image(imageIndex: number, image: ImageResult): void;
  /** One configuration's outcome on one image; the reference's output comes with its own outcomes. */
  outcome(
    imageIndex: number,
    outcome: ImageConfigOutcome,
    referenceOutput: Float32Array | null,
  ): Promise<void>;
  configDone(result: ConfigResult): Promise<void>;
}
