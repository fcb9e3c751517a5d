import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreprocessSpec } from '../src/core/model-manifest';
import { decodeImage } from '../src/core/preprocess/decode-image';
import { sha256Hex } from '../src/core/preprocess/sha256';
import { toInputTensor, type InputTensor } from '../src/core/preprocess/to-input-tensor';

/**
 * The input the lab times for a folder of images, built in Node: the first image the app lists (the
 * samples' index order, or a folder's names sorted, JPEG/PNG only, as image-sources.ts filters), through the very same preprocessing. The
 * hash lets the caller check the bytes equal the browser's.
 */
export async function firstImageTensor(
  dir: string,
  preprocess: PreprocessSpec,
): Promise<{ name: string; tensor: InputTensor; sha256: string }> {
  // The embedded samples are listed by their index (image-sources.ts), a folder by sorted name.
  const index = await readFile(join(dir, 'index.json'), 'utf8').catch(() => null);
  const names = index
    ? (JSON.parse(index) as string[])
    : (await readdir(dir)).filter((n) => /\.(jpe?g|png)$/i.test(n) && !n.startsWith('.')).sort();
  const name = names[0];
  if (!name) throw new Error(`${dir}: no JPEG or PNG images`);
  const tensor = toInputTensor(
    await decodeImage(new Uint8Array(await readFile(join(dir, name))), name),
    preprocess,
  );
  return { name, tensor, sha256: await sha256Hex(tensor.data) };
}
