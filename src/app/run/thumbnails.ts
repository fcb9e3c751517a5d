import type { ImageChoice } from '../../lab/run/start-run';

/** Where each image of a run can be shown from: the server's URL, or an object URL for the user's files. */
export function thumbnailsFor(
  images: ImageChoice,
  assetBaseUrl: string,
): { url: (name: string) => string | null; release: () => void } {
  if (images.kind === 'samples')
    return {
      url: (name) => `${assetBaseUrl}generated/samples/${encodeURIComponent(name)}`,
      release: () => {},
    };
  if (images.kind === 'folder')
    return { url: (name) => images.url + encodeURIComponent(name), release: () => {} };
  const urls = new Map(
    images.files.map((file) => [file.webkitRelativePath || file.name, URL.createObjectURL(file)]),
  );
  return {
    url: (name) => urls.get(name) ?? null,
    release: () => urls.forEach((u) => URL.revokeObjectURL(u)),
  };
}
