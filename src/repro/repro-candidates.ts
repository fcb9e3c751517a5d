import type { NamedTensor } from '../core/tensor';
import { sliceRange, type GraphSlice } from '../localize/slice-graph';

/** A model to try as the repro: nodes `start`…`end − 1` of the original. */
export interface ReproCandidate extends GraphSlice {
  start: number;
  end: number;
}

/**
 * The models to try as a node's repro, smallest first: the node alone, then the 2, 4, 8 … nodes that end
 * at it, up to every node from the first, each fed the reference's values at its boundary (`values`:
 * the reference's capture and the model's inputs). The first one on which the suspect still diverges is
 * the bundle's model.
 */
export function* reproCandidates(
  modelBytes: Uint8Array,
  values: ReadonlyMap<string, NamedTensor>,
  nodeIndex: number,
): Generator<ReproCandidate> {
  const end = nodeIndex + 1;
  for (let size = 1; ; size *= 2) {
    const start = Math.max(0, end - size);
    yield { ...sliceRange(modelBytes, values, start, end), start, end };
    if (start === 0) return;
  }
}
