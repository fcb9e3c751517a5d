import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';

/**
 * The app's icons, drawn here: a 2×2 grid of tiles in four runtime colours with one tile off-colour,
 * the "one of these disagrees" the lab looks for. Maskable icons keep the art inside the safe zone.
 */
const background: [number, number, number] = [22, 27, 34];
const tiles: [number, number, number][] = [
  [46, 160, 67],
  [46, 160, 67],
  [46, 160, 67],
  [218, 54, 51],
];

function drawIcon(size: number, maskable: boolean): Uint8Array {
  const data = new Uint8Array(size * size * 4);
  // Maskable icons may be cropped to a circle of 80% diameter: keep the tiles well inside it.
  const inset = size * (maskable ? 0.25 : 0.14);
  const gap = size * 0.04;
  const tile = (size - 2 * inset - gap) / 2;
  const radius = size * 0.18;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      // The rounded plate; maskable icons fill the whole square (the platform crops them).
      const cx = Math.max(radius - x, 0, x - (size - 1 - radius));
      const cy = Math.max(radius - y, 0, y - (size - 1 - radius));
      const inside = maskable || cx * cx + cy * cy <= radius * radius;
      let colour = background;
      const tx = x - inset;
      const ty = y - inset;
      const column = tx < tile ? 0 : tx >= tile + gap ? 1 : -1;
      const row = ty < tile ? 0 : ty >= tile + gap ? 1 : -1;
      if (tx >= 0 && ty >= 0 && tx < 2 * tile + gap && ty < 2 * tile + gap && column >= 0 && row >= 0) {
        colour = tiles[row * 2 + column];
      }
      data.set([...colour, inside ? 255 : 0], at);
    }
  }
  return data;
}

export const icons = [
  { file: 'icon-192.png', size: 192, purpose: 'any' },
  { file: 'icon-512.png', size: 512, purpose: 'any' },
  { file: 'icon-maskable-512.png', size: 512, purpose: 'maskable' },
] as const;

export async function makeIcons(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  for (const { file, size, purpose } of icons) {
    const png = encodePng({
      width: size,
      height: size,
      data: drawIcon(size, purpose === 'maskable'),
      channels: 4,
      depth: 8,
    });
    await writeFile(join(outDir, file), png);
  }
  return icons.map((i) => i.file);
}
