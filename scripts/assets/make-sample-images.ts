import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { seededRandom } from '../../src/core/stats/seeded-random';

/**
 * The embedded sample set: synthetic pictures made here (licences keep real photos out of the repo).
 * They vary size, aspect ratio, format and content so resize, crop and decode paths are all exercised,
 * and they are byte-identical on every machine because the generator is seeded.
 */
type Painter = (x: number, y: number, w: number, h: number, random: () => number) => [number, number, number];

const painters: Record<string, Painter> = {
  gradient: (x, y, w, h) => [(255 * x) / w, (255 * y) / h, 128],
  checkerboard: (x, y) => (((x >> 4) + (y >> 4)) % 2 ? [240, 240, 240] : [20, 20, 20]),
  stripes: (x) => (x % 24 < 12 ? [200, 40, 40] : [250, 220, 60]),
  disc: (x, y, w, h) => {
    const dx = x - w / 2;
    const dy = y - h / 2;
    return dx * dx + dy * dy < (Math.min(w, h) / 3) ** 2 ? [30, 90, 200] : [235, 235, 225];
  },
  noise: (_x, _y, _w, _h, random) => [random() * 255, random() * 255, random() * 255],
  sky: (x, y, w, h) => (y < h * 0.6 ? [110, 170, 235 - (60 * y) / h] : [60 + (40 * x) / w, 140, 50]),
  rings: (x, y, w, h) => {
    const r = Math.hypot(x - w / 2, y - h / 2);
    const v = (Math.floor(r / 10) % 2) * 200 + 30;
    return [v, 255 - v, 128];
  },
  skin: (x, y, w, h) => [225 - (30 * y) / h, 180 - (20 * x) / w, 150],
};

interface SampleSpec {
  name: string;
  painter: keyof typeof painters;
  width: number;
  height: number;
  format: 'png' | 'jpeg';
  greyscale?: boolean;
}

const samples: SampleSpec[] = [
  { name: 'gradient-224.png', painter: 'gradient', width: 224, height: 224, format: 'png' },
  { name: 'checkerboard-640x480.jpg', painter: 'checkerboard', width: 640, height: 480, format: 'jpeg' },
  { name: 'stripes-300x500.png', painter: 'stripes', width: 300, height: 500, format: 'png' },
  { name: 'disc-512.jpg', painter: 'disc', width: 512, height: 512, format: 'jpeg' },
  { name: 'noise-97x61.png', painter: 'noise', width: 97, height: 61, format: 'png' },
  { name: 'sky-800x450.jpg', painter: 'sky', width: 800, height: 450, format: 'jpeg' },
  { name: 'rings-grey-256.jpg', painter: 'rings', width: 256, height: 256, format: 'jpeg', greyscale: true },
  { name: 'skin-tones-400x300.jpg', painter: 'skin', width: 400, height: 300, format: 'jpeg' },
];

function paint(spec: SampleSpec, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const rgba = new Uint8Array(spec.width * spec.height * 4);
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      let [r, g, b] = painters[spec.painter](x, y, spec.width, spec.height, random);
      if (spec.greyscale) r = g = b = 0.299 * r + 0.587 * g + 0.114 * b;
      const i = (y * spec.width + x) * 4;
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

export async function makeSampleImages(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const names: string[] = [];
  for (const [seed, spec] of samples.entries()) {
    const rgba = paint(spec, seed + 1);
    const bytes =
      spec.format === 'png'
        ? encodePng({ width: spec.width, height: spec.height, data: rgba, channels: 4 })
        : jpeg.encode({ width: spec.width, height: spec.height, data: rgba }, 90).data;
    await writeFile(join(outDir, spec.name), bytes);
    names.push(spec.name);
  }
  return names;
}
