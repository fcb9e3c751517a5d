export { centerCrop } from './crop';
export { decodeImage, ImageDecodeError } from './decode-image';
export type { DecodeLimits, RgbImage } from './decode-image';
export { resizeBilinear } from './resize-bilinear';
export type { ResizeOptions } from './resize-bilinear';
export { sha256Hex } from './sha256';
export { shorterSideSize } from './shorter-side-size';
export { toInputTensor } from './to-input-tensor';
export type { InputTensor } from './to-input-tensor';
