import { labSettings } from './lab-settings';
import { createStoreClient, type StoreClient } from './store-client';

let originClient: StoreClient | undefined;

/**
 * The store this page (or service worker) was served by, with the lab settings this device keeps in
 * IndexedDB: the one client the page's views, its outbox and the service worker share.
 */
export function originStore(): StoreClient {
  originClient ??= createStoreClient({
    baseUrl: new URL('/', location.href).href,
    settings: () => labSettings().read(),
  });
  return originClient;
}
