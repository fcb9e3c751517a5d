import { liveQuery } from 'dexie';
import { localRuns, type LocalRun } from '../../lab/storage/local-runs';
import { Outbox } from '../../lab/sync/outbox';

const tokenKey = 'crosscheck-lab-token';
const deviceKey = 'crosscheck-device-name';

/** This page's link to the shared store: its runs as the device keeps them, the lab token, the outbox. */
export class StoreSync {
  runs = $state.raw<LocalRun[]>([]);
  token = $state(localStorage.getItem(tokenKey) ?? '');
  /** What the fleet calls this device; derived from the browser's facts when empty. */
  deviceName = $state(localStorage.getItem(deviceKey) ?? '');
  /** null while unknown; false where no store answers at this address (e.g. `npm run dev`). */
  storeAvailable = $state<boolean | null>(null);
  #outbox: Outbox;

  constructor() {
    const db = localRuns();
    this.#outbox = new Outbox({ db, storeUrl: new URL('/', location.href).href, token: () => this.token || null, deviceName: () => this.deviceName || null, events: window });
    liveQuery(() => db.runs.orderBy('savedAt').reverse().limit(50).toArray()).subscribe({
      next: (runs) => (this.runs = runs),
      error: () => {},
    });
    void this.#probe();
  }

  async #probe(): Promise<void> {
    const health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
    this.storeAvailable = health?.ok === true;
    if (this.storeAvailable) this.#outbox.start();
  }

  saveSettings(token: string, deviceName: string): void {
    this.token = token.trim();
    this.deviceName = deviceName.trim();
    localStorage.setItem(tokenKey, this.token);
    localStorage.setItem(deviceKey, this.deviceName);
    void this.#outbox.flush();
  }

  retryFailed(): Promise<void> {
    return this.#outbox.retryFailed();
  }
}
