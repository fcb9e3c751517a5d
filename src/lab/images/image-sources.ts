/** One image of a run, read when its turn comes. */
export interface ImageSource {
  name: string;
  /** New bytes on every call: a decode worker takes the buffer it is given. */
  read(): Promise<Uint8Array>;
}

const imageExtension = /\.(jpe?g|png)$/i;

export async function readUrl(url: string, name: string): Promise<Uint8Array> {
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`${name}: could not be fetched (${error.message})`);
  });
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Images in a folder the server exposes (it answers a folder URL with `{ files }`). Only names ending in
 * .jpg/.jpeg/.png are taken (data folders hold checksums and notes); such a file that is not really an
 * image is still taken and reported by name when it fails to decode.
 */
export async function folderImages(folderUrl: string, limit?: number): Promise<ImageSource[]> {
  const response = await fetch(folderUrl);
  if (!response.ok) throw new Error(`image folder ${folderUrl}: HTTP ${response.status}`);
  const { files } = (await response.json()) as { files: string[] };
  return files
    .filter((name) => imageExtension.test(name))
    .slice(0, limit)
    .map((name) => ({ name, read: () => readUrl(folderUrl + encodeURIComponent(name), name) }));
}

/** The embedded synthetic sample set, whose index was written by prepare-assets. */
export async function sampleImages(assetBaseUrl: string, limit?: number): Promise<ImageSource[]> {
  const base = `${assetBaseUrl}generated/samples/`;
  const names = (await (await fetch(base + 'index.json')).json()) as string[];
  return names.slice(0, limit).map((name) => ({ name, read: () => readUrl(base + name, name) }));
}

/** Files the user picked or dropped; the relative path (folder uploads) keeps names unique. */
export function fileImages(files: File[], limit?: number): ImageSource[] {
  return files.slice(0, limit).map((file) => ({
    name: file.webkitRelativePath || file.name,
    read: async () => new Uint8Array(await file.arrayBuffer()),
  }));
}
