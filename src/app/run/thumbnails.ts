import type { RunResult } from '../../core/result-schema';
import type { ImageChoice } from '../../lab/run/start-run';

/** The ImageNet samples the server exposes from ../shared. */
export const sharedImagenetSamples = {
  kind: 'folder',
  url: '/shared/data/imagenet-samples/',
  name: 'imagenet-samples',
} as const satisfies ImageChoice;

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

/**
 * A stored run's images where this app can still read them by name: the built-in samples and the server's
 * ImageNet samples (a missing one is hidden by the image's error handler); a person's own files are gone.
 */
export function thumbnailsForRecord(
  record: RunResult,
  assetBaseUrl: string,
): ReturnType<typeof thumbnailsFor> | null {
  if (record.imageSet.name === 'crosscheck-samples') return thumbnailsFor({ kind: 'samples' }, assetBaseUrl);
  if (record.imageSet.name === sharedImagenetSamples.name)
    return thumbnailsFor(sharedImagenetSamples, assetBaseUrl);
  return null;
}
