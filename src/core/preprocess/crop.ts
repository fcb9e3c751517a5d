/**
 * Cuts the centred cropH x cropW window out of HWC data, into an array of the source's type; offsets round
 * down, as in TF/PyTorch center crops.
 */
export function centerCrop<T extends Float32Array | Uint8Array>(
  src: T,
  srcH: number,
  srcW: number,
  channels: number,
  cropH: number,
  cropW: number,
): T {
  if (src.length !== srcH * srcW * channels) {
    throw new RangeError(`centerCrop: got ${src.length} values for ${srcH}x${srcW}x${channels}`);
  }
  if (!Number.isInteger(cropH) || !Number.isInteger(cropW) || cropH <= 0 || cropW <= 0) {
    throw new RangeError(`centerCrop: crop size ${cropH}x${cropW} must be positive integers`);
  }
  if (cropH > srcH || cropW > srcW) {
    throw new RangeError(`centerCrop: crop ${cropH}x${cropW} is larger than the image ${srcH}x${srcW}`);
  }
  const top = Math.floor((srcH - cropH) / 2);
  const left = Math.floor((srcW - cropW) / 2);
  const size = cropH * cropW * channels;
  const out = (src instanceof Uint8Array ? new Uint8Array(size) : new Float32Array(size)) as T;
  const rowLength = cropW * channels;
  for (let y = 0; y < cropH; y++) {
    const start = ((top + y) * srcW + left) * channels;
    out.set(src.subarray(start, start + rowLength), y * rowLength);
  }
  return out;
}
