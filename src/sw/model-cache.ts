/** The cache the app fills with large models on first use (see src/app/models/model-cache.ts). */
export const modelCacheName = 'crosscheck-models';

/** Models outside the precache: the shared folder and the larger generated models. */
export function isOnDemandModel(url: URL): boolean {
  return url.pathname.includes('/shared/models/') || url.pathname.includes('/shared/data/labels/') ||
    /\/generated\/models\/(?!nsfw-mobilenet-v2\/)/.test(url.pathname);
}
