import type { ModelManifest } from '../../core/model-manifest';
import { assetBaseUrl } from '../../lab/run/start-run';
import { zoo } from '../../lab/models/zoo';
import {
  cacheModel,
  cachedUrls,
  downloadBytes,
  evictModel,
  isOnDemand,
  mib,
  modelFileUrls,
} from './model-cache';

export interface ShelfEntry {
  manifest: ModelManifest;
  urls: string[];
  bytes: number | null;
  cached: boolean;
  error: string | null;
  busy: boolean;
}

/** The models that are not part of the app: their size, whether this device keeps them, and eviction. */
export class ModelShelf {
  entries = $state<ShelfEntry[]>([]);
  storage = $state<string | null>(null);

  async refresh(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.();
    this.storage = estimate?.quota
      ? `${mib(estimate.usage ?? 0)} used of ${mib(estimate.quota)} allowed`
      : null;
    this.entries = await Promise.all(
      zoo.models.filter(isOnDemand).map(async (manifest) => {
        try {
          const urls = await modelFileUrls(manifest, assetBaseUrl());
          const [bytes, cached] = await Promise.all([downloadBytes(urls), cachedUrls(urls)]);
          return { manifest, urls, bytes, cached: cached.every(Boolean), error: null, busy: false };
        } catch (error) {
          return {
            manifest,
            urls: [],
            bytes: null,
            cached: false,
            error: (error as Error).message,
            busy: false,
          };
        }
      }),
    );
  }

  async keep(entry: ShelfEntry): Promise<void> {
    entry.busy = true;
    entry.error = null;
    try {
      await cacheModel(entry.manifest, entry.urls, entry.bytes ?? 0);
      entry.cached = true;
    } catch (error) {
      entry.error = (error as Error).message;
    } finally {
      entry.busy = false;
    }
  }

  async evict(entry: ShelfEntry): Promise<void> {
    await evictModel(entry.urls);
    entry.cached = false;
  }
}
