/**
 * Web Crypto: in browsers, workers and Node 20 alike. Declared here (shadowing the global for this module
 * only) because the core compiles without DOM or Node types.
 */
declare const crypto: {
  readonly subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> };
};

/** Hex SHA-256 via Web Crypto, available in browsers, workers and Node 20. Hashes exactly a view's bytes. */
export async function sha256Hex(data: ArrayBuffer | ArrayBufferView): Promise<string> {
  let bytes: Uint8Array<ArrayBuffer>;
  if (ArrayBuffer.isView(data)) {
    const { buffer, byteOffset, byteLength } = data;
    // Web Crypto refuses views on a SharedArrayBuffer: copy those.
    if (buffer instanceof ArrayBuffer) {
      bytes = new Uint8Array(buffer, byteOffset, byteLength);
    } else {
      bytes = new Uint8Array(byteLength);
      bytes.set(new Uint8Array(buffer, byteOffset, byteLength));
    }
  } else {
    bytes = new Uint8Array(data);
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
