/** How far one layer's converted output is from the source's. */
export interface LayerDiff {
  layer: string;
  className: string;
  maxAbsDiff: number;
  /** maxAbsDiff over the largest source magnitude: comparable across layers of any scale. */
  relativeDiff: number;
}

/**
 * Default divergence threshold on relativeDiff. A faithful fp32 conversion stays near 1e-6 per layer
 * (summation order only); the seeded faults move a layer by 1e-3 or more.
 */
export const defaultTolerance = 1e-4;

export function diffValues(
  source: Float32Array,
  converted: Float32Array,
): { maxAbsDiff: number; relativeDiff: number } {
  if (source.length !== converted.length) return { maxAbsDiff: Infinity, relativeDiff: Infinity };
  let maxAbsDiff = 0;
  let scale = 0;
  for (let i = 0; i < source.length; i++) {
    const d = Math.abs(source[i] - converted[i]);
    maxAbsDiff = Math.max(maxAbsDiff, Number.isNaN(d) ? Infinity : d);
    scale = Math.max(scale, Math.abs(source[i]));
  }
  return { maxAbsDiff, relativeDiff: maxAbsDiff / Math.max(scale, 1e-6) };
}

/** Every layer in graph order, and the first whose output diverges beyond the tolerance. */
export function compareLayers(
  layers: { name: string; className: string; debugOutput: string }[],
  source: Map<string, Float32Array>,
  converted: Map<string, Float32Array>,
  tolerance = defaultTolerance,
): { diffs: LayerDiff[]; first: LayerDiff | null } {
  const diffs: LayerDiff[] = [];
  for (const layer of layers) {
    const a = source.get(layer.name);
    const b = converted.get(layer.debugOutput);
    if (!a || !b)
      throw new Error(`layer ${layer.name}: no ${a ? 'converted' : 'source'} activation to compare`);
    diffs.push({ layer: layer.name, className: layer.className, ...diffValues(a, b) });
  }
  return { diffs, first: diffs.find((d) => !(d.relativeDiff <= tolerance)) ?? null };
}
