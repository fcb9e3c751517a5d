import { liveQuery } from 'dexie';
import { localRuns, type LocalRun } from '../../lab/local-runs';
import { Outbox } from '../../lab/sync/outbox';

const tokenKey = 'crosscheck-lab-token';

/** This page's link to the shared store: its runs as the device keeps them, the lab token, the outbox. */
export class StoreSync {
  runs = $state.raw<LocalRun[]>([]);
  token = $state(localStorage.getItem(tokenKey) ?? '');
  /** null while unknown; false where no store answers at this address (e.g. `npm run dev`). */
  storeAvailable = $state<boolean | null>(null);
  #outbox: Outbox;

  constructor() {
    const db = localRuns();
    this.#outbox = new Outbox({ db, storeUrl: new URL('/', location.href).href, token: () => this.token || null, events: window });
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

  saveToken(token: string): void {
    this.token = token.trim();
    localStorage.setItem(tokenKey, this.token);
    void this.#outbox.flush();
  }

  retryFailed(): Promise<void> {
    return this.#outbox.retryFailed();
  }
}
