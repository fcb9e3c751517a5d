import { unzipSync } from 'fflate';
import { encode as encodePng } from 'fast-png';

const imageName = /\.(jpe?g|png)$/i;

/** The JPEG and PNG files inside a zip, as files, named by their path in the archive. */
export async function filesFromZip(zip: File): Promise<File[]> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(await zip.arrayBuffer()), { filter: (f) => imageName.test(f.name) });
  } catch (error) {
    throw new Error(`${zip.name}: not a readable zip (${(error as Error).message})`);
  }
  return Object.entries(entries)
    .filter(([name]) => !name.startsWith('__MACOSX/'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, bytes]) =>
        new File([bytes as Uint8Array<ArrayBuffer>], `${zip.name}/${name}`, {
          type: name.endsWith('png') ? 'image/png' : 'image/jpeg',
        }),
    );
}

/**
 * A camera frame as a lossless PNG, so it goes through the same deterministic decoder as every other
 * image (the browser's own decoders differ between devices).
 */
export function pngFromFrame(frame: ImageData, name: string): File {
  const png = encodePng({
    width: frame.width,
    height: frame.height,
    data: frame.data,
    channels: 4,
    depth: 8,
  });
  return new File([png as Uint8Array<ArrayBuffer>], name, { type: 'image/png' });
}
