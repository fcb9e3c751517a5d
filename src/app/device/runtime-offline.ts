import { runtimeAssets } from '../../core/offline-assets';

/** One runtime's binaries on this device: those the app precaches, and whether they are all cached now. */
export interface RuntimeOffline {
  runtime: string;
  label: string;
  precached: number;
  onDemand: number;
  kept: boolean;
}

/** Read from the caches themselves (the precache adds a revision query, hence ignoreSearch). */
export async function runtimeOffline(assetBaseUrl: string): Promise<RuntimeOffline[]> {
  const has = async (url: string) =>
    'caches' in globalThis && (await caches.match(url, { ignoreSearch: true })) !== undefined;
  return Promise.all(
    runtimeAssets.map(async (r) => ({
      runtime: r.runtime,
      label: r.label,
      precached: r.precache.length,
      onDemand: r.onDemand.length,
      // A runtime the app precaches nothing of is fetched when first used, never "kept".
      kept:
        r.precache.length > 0 &&
        (await Promise.all(r.precache.map((file) => has(assetBaseUrl + r.folder + file)))).every(Boolean),
    })),
  );
}
