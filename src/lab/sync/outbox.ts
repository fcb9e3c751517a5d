import { liveQuery, type Subscription } from 'dexie';
import type { LocalRun, LocalRunsDb } from '../storage/local-runs';

export interface OutboxOptions {
  db: LocalRunsDb;
  /** The store's base URL, e.g. https://lab.local:8080/ (same origin on the page). */
  storeUrl: string;
  /** The lab token writes need; null until someone enters it. */
  token: () => string | null;
  /** The name this device's owner gave it, if any (sent so the fleet shows it). */
  deviceName?: () => string | null;
  fetch?: typeof fetch;
  /** First retry after this long, doubling per consecutive failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where `online` events come from (the window on the page). */
  events?: EventTarget;
}

/** What one upload attempt tells us about the run and about the store. */
type Attempt =
  | { kind: 'stored' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unauthorised'; reason: string }
  | { kind: 'unreachable'; reason: string };

async function reasonOf(response: Response): Promise<string> {
  const body = await response.json().catch(() => null);
  return `${response.status}: ${typeof body?.error === 'string' ? body.error : response.statusText}`;
}

/**
 * Sends queued runs to the shared store, oldest first. A run leaves the queue only when the store
 * has it (synced) or refuses it for what it is (failed, with the store's reason); a store that is
 * down, restarting or overloaded only delays it, with backoff, and an `online` event retries at once.
 */
export class Outbox {
  #options: Required<Omit<OutboxOptions, 'events'>> & { events?: EventTarget };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #flushing: Promise<void> | null = null;
  #again = false;
  #subscription: Subscription | null = null;
  /** Queued runs already seen: only a new one triggers a pass (our own updates must not loop). */
  #seen = new Set<string>();
  #onOnline = () => void this.flush();

  constructor(options: OutboxOptions) {
    this.#options = { fetch: globalThis.fetch.bind(globalThis), deviceName: () => null, baseDelayMs: 1000, maxDelayMs: 60_000, ...options };
  }

  /** Watches the queue (a newly saved run goes up at once) and the network. */
  start(): void {
    this.#options.events?.addEventListener('online', this.#onOnline);
    this.#subscription = liveQuery(() => this.#options.db.runs.where('sync').equals('queued').primaryKeys()).subscribe({
      next: (keys) => {
        const fresh = keys.filter((k) => !this.#seen.has(k));
        for (const k of fresh) this.#seen.add(k);
        if (fresh.length) void this.flush();
      },
      error: () => {},
    });
  }

  stop(): void {
    this.#options.events?.removeEventListener('online', this.#onOnline);
    this.#subscription?.unsubscribe();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Moves failed runs back into the queue (after the cause was fixed) and tries them now. */
  async retryFailed(): Promise<void> {
    await this.#options.db.runs.where('sync').equals('failed').modify({ sync: 'queued', syncError: null });
    await this.flush();
  }

  /** One pass over the queue; concurrent calls share it, and a call during a pass gets one more pass. */
  flush(): Promise<void> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      try {
        do {
          this.#again = false;
          await this.#pass();
        } while (this.#again);
      } finally {
        this.#flushing = null;
      }
    })();
    return this.#flushing;
  }

  async #pass(): Promise<void> {
    const queued = await this.#options.db.runs.where('sync').equals('queued').sortBy('savedAt');
    for (const run of queued) {
      const attempt = await this.#upload(run);
      const attempts = run.syncAttempts + 1;
      if (attempt.kind === 'stored') {
        this.#failures = 0;
        await this.#options.db.runs.update(run.runId, { sync: 'synced', syncAttempts: attempts, syncError: null });
      } else if (attempt.kind === 'refused') {
        await this.#options.db.runs.update(run.runId, { sync: 'failed', syncAttempts: attempts, syncError: attempt.reason });
      } else {
        // Still queued: the run is fine, the store or the token is not. Stop this pass.
        await this.#options.db.runs.update(run.runId, { syncAttempts: attempts, syncError: attempt.reason });
        if (attempt.kind === 'unreachable') this.#scheduleRetry();
        return;
      }
    }
  }

  async #upload(run: LocalRun): Promise<Attempt> {
    const token = this.#options.token();
    if (!token) return { kind: 'unauthorised', reason: 'waiting for the lab token' };
    try {
      const url = new URL('api/runs', this.#options.storeUrl);
      const device = this.#options.deviceName();
      if (device) url.searchParams.set('device', device);
      const response = await this.#options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(run.record),
      });
      if (response.ok) return { kind: 'stored' };
      const reason = await reasonOf(response);
      if (response.status === 401 || response.status === 403) return { kind: 'unauthorised', reason };
      if (response.status === 408 || response.status === 429 || response.status >= 500) return { kind: 'unreachable', reason };
      return { kind: 'refused', reason };
    } catch (error) {
      return { kind: 'unreachable', reason: `store unreachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  #scheduleRetry(): void {
    if (this.#timer) return;
    const { baseDelayMs, maxDelayMs } = this.#options;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** this.#failures) * (0.75 + Math.random() / 2);
    this.#failures = Math.min(this.#failures + 1, 30);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, delay);
  }
}
