/**
 * [height, width] of the central region tf.image.central_crop keeps: it starts at
 * int((size - size * fraction) / 2) on each side and keeps size - 2 * start, so odd margins round the
 * window up, not down. TF-slim evaluated its ImageNet models with fraction 0.875.
 */
export function centralCropSize(height: number, width: number, fraction: number): [number, number] {
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`centralCropSize: fraction ${fraction} is not in (0, 1]`);
  const keep = (size: number) => size - 2 * Math.trunc((size - size * fraction) / 2);
  return [keep(height), keep(width)];
}
