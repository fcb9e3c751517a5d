export interface ResizeOptions {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`resizeBilinear: ${name} must be a positive integer`);
}

/**
 * Bilinear resize of HWC data, a transcription of the tfjs-backend-cpu 4.22 ResizeBilinear kernel:
 * coordinates and blending in JS doubles, one rounding to float32 on store, so the result is bit-identical
 * to tf.image.resizeBilinear on the cpu backend. Decoded bytes are read as they are (uint8 values are exact
 * in float32), so no float copy of the whole image is made first.
 */
export function resizeBilinear(
  src: Float32Array | Uint8Array,
  srcH: number,
  srcW: number,
  channels: number,
  dstH: number,
  dstW: number,
  opts: ResizeOptions,
): Float32Array {
  checkSize('srcH', srcH);
  checkSize('srcW', srcW);
  checkSize('channels', channels);
  checkSize('dstH', dstH);
  checkSize('dstW', dstW);
  if (src.length !== srcH * srcW * channels) {
    throw new RangeError(`resizeBilinear: got ${src.length} values for ${srcH}x${srcW}x${channels}`);
  }
  const { alignCorners, halfPixelCenters } = opts;
  // TF refuses this combination too.
  if (alignCorners && halfPixelCenters) {
    throw new Error('resizeBilinear: alignCorners and halfPixelCenters cannot both be true');
  }
  // With alignCorners the corner pixels map onto each other, except for a 1-pixel output.
  const rowRatio = alignCorners && dstH > 1 ? (srcH - 1) / (dstH - 1) : srcH / dstH;
  const colRatio = alignCorners && dstW > 1 ? (srcW - 1) / (dstW - 1) : srcW / dstW;
  const rowStride = srcW * channels;

  // Column positions are the same for every row: compute them once.
  const colFloor = new Int32Array(dstW);
  const colCeil = new Int32Array(dstW);
  const colFrac = new Float64Array(dstW);
  for (let c = 0; c < dstW; c++) {
    const x = halfPixelCenters ? colRatio * (c + 0.5) - 0.5 : colRatio * c;
    // Like TF, the floor is clamped at 0 but the fraction is taken from the clamped floor: for x < 0 the
    // fraction is negative, harmless because floor and ceil then both point at pixel 0.
    const floor = Math.max(0, Math.floor(x));
    colFloor[c] = floor * channels;
    colCeil[c] = Math.min(srcW - 1, Math.ceil(x)) * channels;
    colFrac[c] = x - floor;
  }

  const out = new Float32Array(dstH * dstW * channels);
  let o = 0;
  for (let r = 0; r < dstH; r++) {
    const y = halfPixelCenters ? rowRatio * (r + 0.5) - 0.5 : rowRatio * r;
    const rowFloor = Math.max(0, Math.floor(y));
    const rowFrac = y - rowFloor;
    const top = rowFloor * rowStride;
    const bottom = Math.min(srcH - 1, Math.ceil(y)) * rowStride;
    for (let c = 0; c < dstW; c++) {
      const left = colFloor[c];
      const right = colCeil[c];
      const frac = colFrac[c];
      for (let d = 0; d < channels; d++) {
        const topLeft = src[top + left + d];
        const topRight = src[top + right + d];
        const bottomLeft = src[bottom + left + d];
        const bottomRight = src[bottom + right + d];
        // Same expression order as TF, so rounding matches exactly.
        const upper = topLeft + (topRight - topLeft) * frac;
        const lower = bottomLeft + (bottomRight - bottomLeft) * frac;
        out[o++] = upper + (lower - upper) * rowFrac;
      }
    }
  }
  return out;
}
