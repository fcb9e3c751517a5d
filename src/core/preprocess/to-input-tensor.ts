import type { PreprocessSpec } from '../model-manifest';
import type { TensorDataByDtype } from '../tensor';
import { centralCropSize } from './central-crop-size';
import { centerCrop } from './crop';
import type { RgbImage } from './decode-image';
import { resizeBilinear } from './resize-bilinear';
import { shorterSideSize } from './shorter-side-size';

interface TypedInput<D extends 'float32' | 'uint8'> {
  dtype: D;
  data: TensorDataByDtype[D];
  /** [1, H, W, 3] for NHWC, [1, 3, H, W] for NCHW. */
  shape: [number, number, number, number];
}

/** A batch-of-one model input in the layout and dtype the spec asks for; `{ name, ...tensor }` is a NamedTensor. */
export type InputTensor = TypedInput<'float32'> | TypedInput<'uint8'>;

/** Resize (and crop) to the spec's size: HWC values, still on the 0..255 scale. */
function resizeToSpec(image: RgbImage, spec: PreprocessSpec): Float32Array {
  const { width, height } = image;
  const [outH, outW] = spec.size;
  const opts = { alignCorners: spec.alignCorners, halfPixelCenters: spec.halfPixelCenters };
  const pixels = image.data;
  if (spec.resize === 'stretch') return resizeBilinear(pixels, height, width, 3, outH, outW, opts);
  if (spec.resize === 'central-crop') {
    if (spec.centralFraction === undefined) {
      throw new Error("toInputTensor: resize 'central-crop' needs centralFraction");
    }
    const [cropH, cropW] = centralCropSize(height, width, spec.centralFraction);
    const cropped = centerCrop(pixels, height, width, 3, cropH, cropW);
    return resizeBilinear(cropped, cropH, cropW, 3, outH, outW, opts);
  }
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
  return centerCrop(resizeBilinear(pixels, height, width, 3, midH, midW, opts), midH, midW, 3, outH, outW);
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
  const hwc = resizeToSpec(image, spec);
  const shape: InputTensor['shape'] = spec.layout === 'NCHW' ? [1, 3, outH, outW] : [1, outH, outW, 3];
  if (spec.inputDtype === 'uint8') {
    // Quantized models take the raw pixels; bilinear blends stay in 0..255, rounded half up to bytes.
    return { dtype: 'uint8', data: arrange(hwc, spec, new Uint8Array(hwc.length), Math.round), shape };
  }
  const { scale, mean, std } = spec;
  // Subtracting 0 and dividing by 1 are exact, so the default spec is just a float32-rounded x / scale.
  const normalise = (x: number, c: number) => (x / scale - mean[c]) / std[c];
  return { dtype: 'float32', data: arrange(hwc, spec, new Float32Array(hwc.length), normalise), shape };
}

/** Writes value(x, channel) for every HWC value into `out`, in the spec's channel order and layout. */
function arrange<T extends Float32Array | Uint8Array>(
  hwc: Float32Array,
  spec: PreprocessSpec,
  out: T,
  value: (x: number, channel: number) => number,
): T {
  const pixelCount = hwc.length / 3;
  const nchw = spec.layout === 'NCHW';
  for (let c = 0; c < 3; c++) {
    // mean/std are given in the model's channel order; BGR models read source channel 2 - c.
    const from = spec.channelOrder === 'BGR' ? 2 - c : c;
    for (let p = 0; p < pixelCount; p++)
      out[nchw ? c * pixelCount + p : p * 3 + c] = value(hwc[p * 3 + from], c);
  }
  return out;
}
