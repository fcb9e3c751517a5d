import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sha256Hex', () => {
  it('hashes "abc" as in FIPS 180-2', async () => {
    const bytes = new TextEncoder().encode('abc');
    expect(await sha256Hex(bytes)).toBe(ABC);
    expect(await sha256Hex(bytes.buffer)).toBe(ABC);
  });

  it('hashes only the bytes of a view, not its whole buffer', async () => {
    const buffer = new TextEncoder().encode('xxabcyy');
    expect(await sha256Hex(buffer.subarray(2, 5))).toBe(ABC);
    expect(await sha256Hex(new DataView(buffer.buffer, 2, 3))).toBe(ABC);
    expect(await sha256Hex(buffer.subarray(3, 3))).toBe(EMPTY);
  });

  it('hashes the bytes of non-byte typed arrays', async () => {
    const floats = Float32Array.of(1, 2, 3, 4);
    const view = floats.subarray(1, 3);
    const copy = new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    expect(await sha256Hex(view)).toBe(await sha256Hex(copy));
    expect(await sha256Hex(view)).not.toBe(await sha256Hex(floats));
  });

  it('hashes views on a SharedArrayBuffer', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(5));
    shared.set(new TextEncoder().encode('abc'), 1);
    expect(await sha256Hex(shared.subarray(1, 4))).toBe(ABC);
  });
});
