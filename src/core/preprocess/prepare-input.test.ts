import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { preprocessSpecSchema } from '../model-manifest';
import { prepareInput } from './prepare-input';
import { sha256Hex } from './sha256';

const spec = preprocessSpecSchema.parse({ size: [8, 8], resize: 'stretch', layout: 'NHWC' });

function png(width: number, height: number): Uint8Array {
  const data = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
  return encode({ width, height, data, channels: 3, depth: 8 });
}

describe('prepareInput', () => {
  it('hashes the file, decodes it, and hashes the input tensor it makes', async () => {
    const bytes = png(12, 10);
    const prepared = await prepareInput(bytes, 'a.png', spec);
    expect(prepared).toMatchObject({ fileSha256: await sha256Hex(bytes), width: 12, height: 10 });
    expect(prepared.decodeError).toBeNull();
    expect(prepared.input?.tensor.shape).toEqual([1, 8, 8, 3]);
    expect(prepared.input?.sha256).toBe(await sha256Hex(prepared.input!.tensor.data));
  });

  it('answers a file that is not an image with a reason naming it, and the file hash still', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await prepareInput(bytes, 'notes.png', spec)).toEqual({
      fileSha256: await sha256Hex(bytes),
      width: null,
      height: null,
      input: null,
      decodeError: 'notes.png: not a JPEG or PNG image (first bytes: 01 02 03)',
    });
  });

  it('keeps the decoded size when the image decodes but cannot be preprocessed', async () => {
    const shorterSide = preprocessSpecSchema.parse({
      size: [8, 8],
      resize: 'shorter-side-crop',
      resizeShorterTo: 4,
      layout: 'NHWC',
    });
    const prepared = await prepareInput(png(12, 10), 'small.png', shorterSide);
    expect(prepared).toMatchObject({ width: 12, height: 10, input: null });
    expect(prepared.decodeError).toMatch(/./);
  });
});
