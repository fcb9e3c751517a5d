import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const generated = join(import.meta.dirname, '..', '..', 'public', 'generated');

/** A JPEG whose frame header claims 60000×60000 pixels: refused before any pixel is allocated. */
function claimHugeSize(jpeg: Buffer): Buffer {
  const huge = Buffer.from(jpeg);
  const sof = huge.findIndex((byte, i) => byte === 0xff && huge[i + 1] === 0xc0);
  huge.writeUInt16BE(60000, sof + 5);
  huge.writeUInt16BE(60000, sof + 7);
  return huge;
}

/** An image folder with two good pictures and every kind of bad file a user might drop in. */
export async function makeBadImageFolder(): Promise<{ dir: string; good: string[]; bad: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bad-images-'));
  const good = ['disc-512.jpg', 'gradient-224.png'];
  for (const name of good) await copyFile(join(generated, 'samples', name), join(dir, name));
  const jpeg = await readFile(join(generated, 'samples', 'disc-512.jpg'));
  const bad: Record<string, Buffer> = {
    'corrupt.jpg': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    'empty.png': Buffer.alloc(0),
    'huge.jpg': claimHugeSize(jpeg),
    'notes.png': Buffer.from('these are my notes, not a picture\n'),
    'truncated.jpg': jpeg.subarray(0, jpeg.length >> 1),
  };
  for (const [name, bytes] of Object.entries(bad)) await writeFile(join(dir, name), bytes);
  return { dir, good, bad: Object.keys(bad) };
}

/** A stand-in for the shared folder holding broken copies of the embedded model. */
export async function makeBrokenModelsFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bad-models-'));
  const source = join(generated, 'models', 'nsfw-mobilenet-v2');
  await mkdir(join(dir, 'missing-shard'));
  await copyFile(join(source, 'model.json'), join(dir, 'missing-shard', 'model.json'));
  await mkdir(join(dir, 'corrupt-json'));
  await writeFile(join(dir, 'corrupt-json', 'model.json'), '{"modelTopology": {"class_name": "Mod');
  return dir;
}
