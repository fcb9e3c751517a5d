import type { ConfigResult, ImageConfigOutcome, ImageResult } from '../../core/result-schema';

/** What an interrupted run had measured when it stopped: enough to carry on without redoing any of it. */
export interface RestoredRun {
  runId: string;
  startedAt: string;
  /** Every image as first prepared (hashes included), with the outcomes measured so far. */
  images: ImageResult[];
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
  begin(runId: string, startedAt: string, images: ImageResult[]): Promise<void>;
  /** One configuration's outcome on one image; the reference's output comes with its own outcomes. */
  outcome(
    imageIndex: number,
    outcome: ImageConfigOutcome,
    referenceOutput: Float32Array | null,
  ): Promise<void>;
  configDone(result: ConfigResult): Promise<void>;
}
