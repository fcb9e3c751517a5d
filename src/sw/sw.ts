/// <reference lib="webworker" />
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolation } from './isolation';
import { isOnDemandAsset, modelCacheName } from './model-cache';
import { localRuns } from '../lab/storage/local-runs';
import { Outbox, outboxSyncTag } from '../lab/sync/outbox';
import { originStore } from '../lab/sync/origin-store';

/** Background Sync's event (not in TypeScript's WebWorker types). */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

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

// Anything else of ours that becomes a document or a worker (the bench page, a runtime's own workers):
// network, with isolation kept. A fetch() of data (folder listings, the server's image folders) has no
// destination and is left to the network: isolation headers do nothing there, and passing every image's
// body through this worker cost a run's reading time.
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.destination !== '',
  async ({ request }) => withIsolation(await fetch(request)),
);

// Background Sync only wakes the outbox: the page's own delivery code, over the runs and the lab token the
// page keeps in IndexedDB, with each run's backoff and failed state as the page left them. Retrying is
// the outbox's (and, while the store stays unreachable, the browser's next sync event); no timers here,
// because a service worker is stopped when idle.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== outboxSyncTag) return;
  sync.waitUntil(
    (async () => {
      let unreachable = false;
      const outbox = new Outbox({
        db: localRuns(),
        client: originStore(),
        schedule: () => () => {},
        onStoreUnreachable: () => (unreachable = true),
      });
      await outbox.flush();
      // A sync event that fails is fired again later by the browser, with its own backoff.
      if (unreachable) throw new Error('the store is still unreachable');
    })(),
  );
});

// A new version waits until the user accepts it (never mid-run); the page then asks it to take over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
