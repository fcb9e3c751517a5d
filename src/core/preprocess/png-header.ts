/** IHDR fields, read before decoding so oversized or unsupported images are refused without allocating. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** Whether the chunk chain reaches IEND inside the file; false means the file was cut short. */
  complete: boolean;
}

/** Reads the IHDR chunk, which the PNG spec requires to come first. Throws a plain Error on bad data. */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  // 8-byte signature, then chunk length (4), type (4) and 13 bytes of IHDR data.
  if (bytes.length < 8 + 8 + 13) throw new Error('truncated PNG: file ends inside the header');
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR') throw new Error('corrupt PNG: first chunk is not IHDR');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13) throw new Error('corrupt PNG: IHDR chunk has the wrong length');
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24],
    colorType: bytes[25],
    interlace: bytes[28],
    complete: reachesEnd(view),
  };
}

// Follows chunk lengths (length, type, data, CRC) from the signature to IEND without reading chunk data.
function reachesEnd(view: DataView): boolean {
  let offset = 8;
  while (offset + 12 <= view.byteLength) {
    const length = view.getUint32(offset);
    if (view.getUint32(offset + 4) === 0x49454e44) return true; // 'IEND'
    offset += 12 + length;
  }
  return false;
}
