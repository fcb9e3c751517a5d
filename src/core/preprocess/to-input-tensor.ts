import type { PreprocessSpec } from '../model-manifest';
import { centerCrop } from './crop';
import type { RgbImage } from './decode-image';
import { resizeBilinear } from './resize-bilinear';
import { shorterSideSize } from './shorter-side-size';

/** A batch-of-one model input, in the layout the spec asks for. */
export interface InputTensor {
  data: Float32Array;
  /** [1, H, W, 3] for NHWC, [1, 3, H, W] for NCHW. */
  shape: [number, number, number, number];
}

/**
 * Builds the model input from decoded pixels: resize (and crop), x / scale, channel order, (x - mean) / std,
 * layout. The resize runs on the raw 0..255 values and the division comes after; bilinear blending is
 * linear, so this equals resizing x / 255 (how nsfwjs does it) up to float32 rounding (< 1e-6).
 * Only +, -, *, / and floor/ceil/round run on JS doubles, with a single float32 rounding per stage, so the
 * bytes are the same on every engine.
 */
export function toInputTensor(image: RgbImage, spec: PreprocessSpec): InputTensor {
  const { width, height } = image;
  if (image.data.length !== width * height * 3) {
    throw new RangeError(`toInputTensor: ${image.data.length} bytes for a ${width}x${height} RGB image`);
  }
  const [outH, outW] = spec.size;
  const opts = { alignCorners: spec.alignCorners, halfPixelCenters: spec.halfPixelCenters };

  // uint8 values are exact in float32.
  const pixels = Float32Array.from(image.data);
  let hwc: Float32Array;
  if (spec.resize === 'stretch') {
    hwc = resizeBilinear(pixels, height, width, 3, outH, outW, opts);
  } else {
    if (spec.resizeShorterTo === undefined) {
      throw new Error("toInputTensor: resize 'shorter-side-crop' needs resizeShorterTo");
    }
    const [midH, midW] = shorterSideSize(height, width, spec.resizeShorterTo);
    if (outH > midH || outW > midW) {
      throw new RangeError(
        `toInputTensor: crop ${outH}x${outW} is larger than the resized image ${midH}x${midW}` +
          ` (resizeShorterTo ${spec.resizeShorterTo})`,
      );
    }
    hwc = centerCrop(resizeBilinear(pixels, height, width, 3, midH, midW, opts), midH, midW, 3, outH, outW);
  }

  const pixelCount = outH * outW;
  const data = new Float32Array(pixelCount * 3);
  const { scale, mean, std } = spec;
  const nchw = spec.layout === 'NCHW';
  for (let c = 0; c < 3; c++) {
    // mean/std are given in the model's channel order; BGR models read source channel 2 - c.
    const from = spec.channelOrder === 'BGR' ? 2 - c : c;
    const m = mean[c];
    const s = std[c];
    for (let p = 0; p < pixelCount; p++) {
      // Subtracting 0 and dividing by 1 are exact, so the default spec is just a float32-rounded x / scale.
      data[nchw ? c * pixelCount + p : p * 3 + c] = (hwc[p * 3 + from] / scale - m) / s;
    }
  }
  const shape: InputTensor['shape'] = nchw ? [1, 3, outH, outW] : [1, outH, outW, 3];
  return { data, shape };
}
