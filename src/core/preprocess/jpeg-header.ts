/** What decodeImage needs to know about a JPEG before handing it to the decoder. */
export interface JpegHeader {
  width: number;
  height: number;
  /** Sample precision from the frame header (8 for ordinary JPEGs). */
  precision: number;
  /** Colour components in the frame: 1 greyscale, 3 YCbCr or RGB, 4 CMYK or YCCK. */
  components: number;
  /** Whether an EOI marker (FF D9) follows the first scan: its absence means the file was cut short. */
  hasEndMarker: boolean;
}

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range but are not frame headers.
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Walks the marker segments up to the first scan (SOS) to read the frame size without decoding,
 * so oversized images are refused before any pixel memory is allocated. Throws a plain Error
 * describing the problem; the caller adds the file name.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  const length = bytes.length;
  let frame: { width: number; height: number; precision: number; components: number } | undefined;
  let offset = 2; // after SOI
  while (true) {
    if (offset >= length) throw new Error('truncated JPEG: file ends before the image data');
    if (bytes[offset] !== 0xff) throw new Error(`corrupt JPEG: expected a marker at byte ${offset}`);
    // Any number of 0xFF fill bytes may precede a marker code.
    while (offset + 1 < length && bytes[offset + 1] === 0xff) offset++;
    if (offset + 1 >= length) throw new Error('truncated JPEG: file ends before the image data');
    const marker = bytes[offset + 1];
    if (marker === 0xd9) throw new Error('corrupt JPEG: end-of-image marker before any image data');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // standalone markers carry no length
      continue;
    }
    if (offset + 4 > length) throw new Error('truncated JPEG: file ends inside a header segment');
    const segmentLength = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (segmentLength < 2) throw new Error(`corrupt JPEG: bad segment length at byte ${offset}`);
    if (isStartOfFrame(marker)) {
      if (offset + 10 > length) throw new Error('truncated JPEG: file ends inside the frame header');
      frame = {
        precision: bytes[offset + 4],
        height: (bytes[offset + 5] << 8) | bytes[offset + 6],
        width: (bytes[offset + 7] << 8) | bytes[offset + 8],
        components: bytes[offset + 9],
      };
    }
    if (marker === 0xda) {
      if (!frame) throw new Error('corrupt JPEG: image data (SOS) before any frame header (SOF)');
      return { ...frame, hasEndMarker: hasEoiAfter(bytes, offset + 2) };
    }
    offset += 2 + segmentLength;
  }
}

// Inside entropy-coded data a literal 0xFF is always followed by 0x00 (byte stuffing), so FF D9 after the
// first scan is the real end marker. Thumbnails in APP segments (which also contain FF D9) come before SOS.
function hasEoiAfter(bytes: Uint8Array, start: number): boolean {
  for (let i = bytes.length - 2; i >= start; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}
