import { liveQuery } from 'dexie';
import { localRuns, type LocalRun } from '../../lab/storage/local-runs';
import { labSettings, type LabSettingsDb } from '../../lab/sync/lab-settings';
import { Outbox, outboxSyncTag } from '../../lab/sync/outbox';
import { originStore } from '../../lab/sync/origin-store';

/** Where an older version of the page kept the settings (localStorage); moved into IndexedDB once. */
const legacyKeys = { token: 'crosscheck-lab-token', deviceName: 'crosscheck-device-name' } as const;

async function adoptLegacySettings(settings: LabSettingsDb): Promise<void> {
  const token = localStorage.getItem(legacyKeys.token);
  const deviceName = localStorage.getItem(legacyKeys.deviceName);
  if (token === null && deviceName === null) return;
  const saved = await settings.read();
  await settings.write({ token: token ?? saved.token, deviceName: deviceName ?? saved.deviceName });
  localStorage.removeItem(legacyKeys.token);
  localStorage.removeItem(legacyKeys.deviceName);
}

/** Asks the browser to wake the service worker's outbox when the network is back, tab open or not. */
async function requestBackgroundSync(): Promise<void> {
  // Once the app has registered it: it puts that off while a run is in progress.
  const registration = await navigator.serviceWorker?.ready;
  // Background Sync is not in every browser (nor in TypeScript's DOM types): the page's own outbox still retries.
  const sync = (registration as { sync?: { register(tag: string): Promise<void> } } | undefined)?.sync;
  await sync?.register(outboxSyncTag).catch(() => {});
}

/** This page's link to the shared store: its runs as the device keeps them, the lab token, the outbox. */
export class StoreSync {
  runs = $state.raw<LocalRun[]>([]);
  token = $state('');
  /** What the fleet calls this device; derived from the browser's facts when empty. */
  deviceName = $state('');
  /** null while unknown; false where no store answers at this address (e.g. `npm run dev`). */
  storeAvailable = $state<boolean | null>(null);
  #outbox: Outbox;
  #settings = labSettings();

  constructor() {
    const db = localRuns();
    this.#outbox = new Outbox({
      db,
      client: originStore(),
      events: window,
      onStoreUnreachable: () => void requestBackgroundSync(),
    });
    liveQuery(() => db.runs.orderBy('savedAt').reverse().limit(50).toArray()).subscribe({
      next: (runs) => (this.runs = runs),
      error: () => {},
    });
    void this.#open();
  }

  async #open(): Promise<void> {
    await adoptLegacySettings(this.#settings);
    ({ token: this.token, deviceName: this.deviceName } = await this.#settings.read());
    this.storeAvailable = await originStore().health();
    if (this.storeAvailable) this.#outbox.start();
  }

  async saveSettings(token: string, deviceName: string): Promise<void> {
    this.token = token.trim();
    this.deviceName = deviceName.trim();
    await this.#settings.write({ token: this.token, deviceName: this.deviceName });
    void this.#outbox.flush();
  }

  retryFailed(): Promise<void> {
    return this.#outbox.retryFailed();
  }
}

let pageSync: StoreSync | undefined;

/** The page's one link to the store (one outbox), whichever view needs it first. */
export function storeSync(): StoreSync {
  pageSync ??= new StoreSync();
  return pageSync;
}
