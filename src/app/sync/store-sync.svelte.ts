import { liveQuery } from 'dexie';
import { localRuns, type LocalRun } from '../../lab/storage/local-runs';
import { Outbox } from '../../lab/sync/outbox';
import { getJson } from '../fleet/store-api';
import { saveLabSettings, savedDeviceName, savedLabToken } from './lab-settings';

/** This page's link to the shared store: its runs as the device keeps them, the lab token, the outbox. */
export class StoreSync {
  runs = $state.raw<LocalRun[]>([]);
  token = $state(savedLabToken());
  /** What the fleet calls this device; derived from the browser's facts when empty. */
  deviceName = $state(savedDeviceName());
  /** null while unknown; false where no store answers at this address (e.g. `npm run dev`). */
  storeAvailable = $state<boolean | null>(null);
  #outbox: Outbox;

  constructor() {
    const db = localRuns();
    this.#outbox = new Outbox({
      db,
      storeUrl: new URL('/', location.href).href,
      token: () => this.token || null,
      deviceName: () => this.deviceName || null,
      events: window,
    });
    liveQuery(() => db.runs.orderBy('savedAt').reverse().limit(50).toArray()).subscribe({
      next: (runs) => (this.runs = runs),
      error: () => {},
    });
    void this.#probe();
  }

  async #probe(): Promise<void> {
    this.storeAvailable = await getJson<{ ok: boolean }>('/api/health').then(
      (h) => h.ok === true,
      () => false,
    );
    if (this.storeAvailable) this.#outbox.start();
  }

  saveSettings(token: string, deviceName: string): void {
    this.token = token.trim();
    this.deviceName = deviceName.trim();
    saveLabSettings(this.token, this.deviceName);
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
