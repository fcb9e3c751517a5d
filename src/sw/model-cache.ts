/** The cache the app fills with large models on first use (see src/app/models/model-cache.ts). */
export const modelCacheName = 'crosscheck-models';

/**
 * Model and runtime files the precache does not hold (its route answers first): those are `on-demand`
 * in their manifest or src/core/offline-assets.ts, so this needs no model ids of its own.
 */
export function isOnDemandAsset(url: URL): boolean {
  return /\/(generated\/|shared\/models\/|shared\/data\/labels\/)/.test(url.pathname);
}
