/// <reference lib="webworker" />
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { BackgroundSyncPlugin } from 'workbox-background-sync';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { withIsolation } from './isolation';
import { isOnDemandAsset, modelCacheName } from './model-cache';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// Every precached answer (app shell, runtimes' wasm, the embedded model, the samples) keeps isolation.
addPlugins([{ handlerWillRespond: async ({ response }) => withIsolation(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The bench page is a page of its own, never answered with the app; nor is an API URL opened as a page
// (the CA certificate download link).
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/bench\//, /^\/api\//] }),
);

// On-demand models and binaries: served from the cache the app filled after its quota check, else the network.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && request.method === 'GET' && isOnDemandAsset(url),
  async ({ request }) => {
    const cached = await (await caches.open(modelCacheName)).match(request);
    return withIsolation(cached ?? (await fetch(request)));
  },
);

// A run upload that cannot reach the store is kept by the browser and replayed when the network is back
// (Background Sync, where the browser has it); the page's outbox retries too, and the store stores a
// run id once, so the two never duplicate a run.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && request.method === 'POST' && url.pathname === '/api/runs',
  new NetworkOnly({
    plugins: [new BackgroundSyncPlugin('crosscheck-run-uploads', { maxRetentionTime: 7 * 24 * 60 })],
  }),
  'POST',
);

// Anything else of ours (folder listings, the server's image folders): network, with isolation kept.
registerRoute(
  ({ url }) => url.origin === self.location.origin,
  async ({ request }) => withIsolation(await fetch(request)),
);

// A new version waits until the user accepts it (never mid-run); the page then asks it to take over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
