import { parseModelJson, weightPaths } from '../../adapters/fetch-model-files';
import type { ModelManifest } from '../../core/model-manifest';
import { resolveRoot } from '../../lab/models/resolve-model';
import { modelCacheName } from '../../sw/model-cache';

/** A model marked `precache` comes with the app; every other model is cached here on first use. */
export function isOnDemand(manifest: ModelManifest): boolean {
  return manifest.offline !== 'precache';
}

/** Every file a model needs: entry, weight shards, label files. */
export async function modelFileUrls(manifest: ModelManifest, assetBaseUrl: string): Promise<string[]> {
  const base = resolveRoot(manifest.base, assetBaseUrl);
  const urls = [base + manifest.entry];
  if (manifest.format !== 'onnx') {
    const response = await fetch(base + manifest.entry);
    if (!response.ok)
      throw new Error(`${manifest.id}: HTTP ${response.status} from ${base + manifest.entry}`);
    urls.push(
      ...weightPaths(parseModelJson(await response.arrayBuffer(), manifest.entry), manifest.entry).map(
        (p) => base + p,
      ),
    );
  }
  // The converted ONNX sibling too: the ORT configurations run it offline.
  if (manifest.converted)
    urls.push(resolveRoot(manifest.converted.base, assetBaseUrl) + manifest.converted.entry);
  for (const file of [manifest.labels.file, manifest.labels.namesFile])
    if (file) urls.push(resolveRoot(file, assetBaseUrl));
  return urls;
}

/** Download size from the server's Content-Length, without downloading. */
export async function downloadBytes(urls: string[]): Promise<number> {
  const sizes = await Promise.all(
    urls.map(async (url) =>
      Number((await fetch(url, { method: 'HEAD' })).headers.get('content-length') ?? 0),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

export async function cachedUrls(urls: string[]): Promise<boolean[]> {
  const cache = await caches.open(modelCacheName);
  return Promise.all(urls.map(async (url) => (await cache.match(url)) !== undefined));
}

/** Stores the model for offline use, after checking the browser will let us keep that many bytes. */
export async function cacheModel(manifest: ModelManifest, urls: string[], bytes: number): Promise<void> {
  const { quota, usage } = await navigator.storage.estimate();
  if (quota !== undefined && usage !== undefined && quota - usage < bytes * 1.1) {
    throw new Error(
      `${manifest.id}: needs ${mib(bytes)} but this browser allows only ${mib(quota - usage)} more storage; evict a cached model first`,
    );
  }
  await navigator.storage.persist?.().catch(() => false);
  const cache = await caches.open(modelCacheName);
  await cache.addAll(urls);
}

export async function evictModel(urls: string[]): Promise<void> {
  const cache = await caches.open(modelCacheName);
  await Promise.all(urls.map((url) => cache.delete(url)));
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
