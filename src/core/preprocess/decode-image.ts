import { decode as decodePng } from 'fast-png';
import { readJpegHeader } from './jpeg-header';
import { decodeWithLibjpeg, LibjpegError } from './libjpeg';
import { readPngHeader } from './png-header';
import { pngToRgb } from './png-to-rgb';

/** 8-bit RGB pixels, 3 bytes per pixel, row-major, no padding. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface DecodeLimits {
  /** Images with more pixels than this are refused from their header, before decoding. */
  maxPixels: number;
}

/** Any reason an input file could not become an RgbImage; the message starts with the file name. */
export class ImageDecodeError extends Error {
  readonly fileName: string;

  constructor(fileName: string, problem: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${problem}`, options);
    this.name = 'ImageDecodeError';
    this.fileName = fileName;
  }
}

/**
 * Decodes a JPEG (libjpeg-turbo in wasm, see libjpeg.ts) or PNG (pure JS), sniffed from its magic bytes,
 * not its name, to RGB: every browser, worker and Node produce the same pixels (canvas and
 * createImageBitmap do not). Alpha is dropped, not composited (see pngToRgb). Greyscale comes back as
 * RGB with equal channels.
 */
export async function decodeImage(
  bytes: Uint8Array,
  fileName: string,
  limits: DecodeLimits = { maxPixels: 40_000_000 },
): Promise<RgbImage> {
  if (bytes.length === 0) throw new ImageDecodeError(fileName, 'empty file (0 bytes)');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return decodeJpegFile(bytes, fileName, limits);
  }
  if (bytes.length >= 4 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return decodePngFile(bytes, fileName, limits);
  }
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const more = bytes.length > 8 ? ' ...' : '';
  throw new ImageDecodeError(fileName, `not a JPEG or PNG image (first bytes: ${head}${more})`);
}

function checkSize(fileName: string, width: number, height: number, limits: DecodeLimits): void {
  if (width === 0 || height === 0) {
    throw new ImageDecodeError(fileName, `image has zero size (${width}x${height})`);
  }
  const pixels = width * height;
  if (pixels > limits.maxPixels) {
    throw new ImageDecodeError(
      fileName,
      `image is ${width}x${height} (${pixels} pixels), over the limit of ${limits.maxPixels} pixels`,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function decodeJpegFile(bytes: Uint8Array, fileName: string, limits: DecodeLimits): Promise<RgbImage> {
  let header;
  try {
    header = readJpegHeader(bytes);
  } catch (error) {
    throw new ImageDecodeError(fileName, describe(error), { cause: error });
  }
  checkSize(fileName, header.width, header.height, limits);
  if (header.precision !== 8) {
    throw new ImageDecodeError(fileName, `unsupported JPEG: ${header.precision}-bit samples`);
  }
  if (header.components !== 1 && header.components !== 3) {
    throw new ImageDecodeError(
      fileName,
      `unsupported JPEG: ${header.components} colour components (only greyscale and RGB/YCbCr; CMYK ` +
        'cannot become RGB without a colour profile: save it as RGB)',
    );
  }
  // libjpeg pads a cut-short scan with grey and only warns; checking for EOI up front names the cause.
  if (!header.hasEndMarker) {
    throw new ImageDecodeError(
      fileName,
      'truncated JPEG: no end-of-image marker (FF D9) after the image data',
    );
  }
  let decoded;
  try {
    decoded = await decodeWithLibjpeg(bytes);
  } catch (error) {
    // Only what libjpeg said is about the file; a decoder that did not load is not.
    const problem =
      error instanceof LibjpegError
        ? `corrupt or unsupported JPEG (libjpeg: ${error.message})`
        : `not decoded: ${describe(error)}`;
    throw new ImageDecodeError(fileName, problem, { cause: error });
  }
  const { width, height, rgba } = decoded;
  if (width !== header.width || height !== header.height || rgba.length !== width * height * 4) {
    throw new ImageDecodeError(fileName, 'corrupt JPEG: decoded size does not match the header');
  }
  return { width, height, data: rgbaToRgb(rgba) };
}

function rgbaToRgb(rgba: Uint8ClampedArray): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let from = 0, to = 0; from < rgba.length; from += 4, to += 3) {
    rgb[to] = rgba[from];
    rgb[to + 1] = rgba[from + 1];
    rgb[to + 2] = rgba[from + 2];
  }
  return rgb;
}

function decodePngFile(bytes: Uint8Array, fileName: string, limits: DecodeLimits): RgbImage {
  let header;
  try {
    header = readPngHeader(bytes);
  } catch (error) {
    throw new ImageDecodeError(fileName, describe(error), { cause: error });
  }
  checkSize(fileName, header.width, header.height, limits);
  // fast-png 8 mis-reads Adam7 passes when samples are packed below one byte.
  if (header.interlace !== 0 && header.bitDepth < 8) {
    throw new ImageDecodeError(fileName, `unsupported PNG: interlaced with ${header.bitDepth}-bit samples`);
  }
  if (!header.complete) {
    throw new ImageDecodeError(fileName, 'truncated PNG: file ends before its IEND chunk');
  }
  let png;
  try {
    // CRC checks catch corrupt chunks that would otherwise decode to wrong pixels silently.
    png = decodePng(bytes, { checkCrc: true });
  } catch (error) {
    throw new ImageDecodeError(fileName, `corrupt PNG (${describe(error)})`, { cause: error });
  }
  if (png.width !== header.width || png.height !== header.height) {
    throw new ImageDecodeError(fileName, 'corrupt PNG: decoded size does not match the header');
  }
  try {
    return { width: png.width, height: png.height, data: pngToRgb(png) };
  } catch (error) {
    throw new ImageDecodeError(fileName, describe(error), { cause: error });
  }
}
