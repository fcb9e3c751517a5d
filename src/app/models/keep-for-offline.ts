import type { ModelManifest } from '../../core/model-manifest';
import { assetBaseUrl } from '../../lab/run/start-run';
import { cacheModel, cachedUrls, downloadBytes, isOnDemand, mib, modelFileUrls } from './model-cache';

/**
 * Caches a large model the first time it is used, showing its size; a full disk or an unreachable
 * server is reported and the run goes on from the network. Returns the note to leave on screen.
 */
export async function keepForOffline(
  manifest: ModelManifest,
  onNote: (note: string) => void,
): Promise<string | null> {
  if (!isOnDemand(manifest) || !('caches' in globalThis)) return null;
  try {
    const urls = await modelFileUrls(manifest, assetBaseUrl());
    if ((await cachedUrls(urls)).every(Boolean)) return `${manifest.name}: from this device's cache`;
    const bytes = await downloadBytes(urls);
    onNote(`${manifest.name}: downloading ${mib(bytes)} to keep for offline use…`);
    await cacheModel(manifest, urls, bytes);
    return `${manifest.name}: ${mib(bytes)} kept on this device for offline use`;
  } catch (error) {
    return `${manifest.name}: not kept for offline use (${(error as Error).message})`;
  }
}
