import { liveQuery, type Subscription } from 'dexie';
import { refusalOf } from '../../core/error-answer';
import type { LocalRun, LocalRunsDb } from '../storage/local-runs';
import { NoLabTokenError, type StoreClient } from './store-client';

/** The Background Sync tag the page registers and the service worker answers by running the outbox. */
export const outboxSyncTag = 'crosscheck-outbox';

export interface OutboxOptions {
  db: LocalRunsDb;
  /** The store and the lab settings the runs go up with. */
  client: StoreClient;
  /** First retry after this long, doubling per consecutive failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A run the store keeps failing (5xx) becomes `failed` after this many attempts in a row. */
  maxRunFailures?: number;
  /** Where `online` events come from (the window on the page). */
  events?: EventTarget;
  /** Calls `wake` after `delayMs` (setTimeout by default); returns a cancel. */
  schedule?: (wake: () => void, delayMs: number) => () => void;
  /** Told when a pass stops because the store cannot be reached (the page asks for Background Sync). */
  onStoreUnreachable?: () => void;
}

/** What one upload attempt tells us about the run and about the store. */
type Attempt =
  | { kind: 'stored' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unauthorised'; reason: string }
  /** The store failed on this run (500): other runs may go up meanwhile. */
  | { kind: 'run-error'; reason: string; retryAfterMs?: number }
  /** The store cannot take anything now (unreachable, 503, 429): wait, `retryAfterMs` when it said. */
  | { kind: 'unreachable'; reason: string; retryAfterMs?: number };

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

async function reasonOf(response: Response): Promise<string> {
  return `${response.status}: ${await refusalOf(response)}`;
}

/**
 * Sends queued runs to the shared store, oldest first. A run leaves the queue only when the store
 * has it (synced) or refuses it for what it is (failed, with the store's reason); a store that is
 * down, restarting or overloaded only delays it, with backoff (or the Retry-After it sent), and an
 * `online` event retries at once. A run the store fails on waits on its own backoff while the runs
 * behind it go on, and after `maxRunFailures` such answers in a row it becomes failed. That per-run
 * state is kept on the run in IndexedDB, so the service worker, which runs this same code when
 * Background Sync wakes it, keeps to it too.
 */
export class Outbox {
  #options: Required<Omit<OutboxOptions, 'events'>> & { events?: EventTarget };
  #cancelTimer: (() => void) | null = null;
  #timerDue = Infinity;
  #failures = 0;
  #flushing: Promise<void> | null = null;
  #again = false;
  #subscription: Subscription | null = null;
  /** Queued runs already seen: only a new one triggers a pass (our own updates must not loop). */
  #seen = new Set<string>();
  #onOnline = () => void this.flush();

  constructor(options: OutboxOptions) {
    this.#options = {
      onStoreUnreachable: () => {},
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      maxRunFailures: 8,
      schedule: (wake, delayMs) => {
        const timer = setTimeout(wake, delayMs);
        return () => clearTimeout(timer);
      },
      ...options,
    };
  }

  /** Watches the queue (a newly saved run goes up at once) and the network. */
  start(): void {
    this.#options.events?.addEventListener('online', this.#onOnline);
    this.#subscription = liveQuery(() =>
      this.#options.db.runs.where('sync').equals('queued').primaryKeys(),
    ).subscribe({
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
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#timerDue = Infinity;
  }

  /** Moves failed runs back into the queue (after the cause was fixed) and tries them now. */
  async retryFailed(): Promise<void> {
    await this.#options.db.runs
      .where('sync')
      .equals('failed')
      .modify({ sync: 'queued', syncError: null, syncFailures: 0, syncRetryAt: null });
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
    const { db, maxRunFailures } = this.#options;
    const queued = await db.runs.where('sync').equals('queued').sortBy('savedAt');
    let nextRetryAt = Infinity;
    for (const run of queued) {
      if ((run.syncRetryAt ?? 0) > Date.now()) {
        nextRetryAt = Math.min(nextRetryAt, run.syncRetryAt ?? 0);
        continue;
      }
      const attempt = await this.#upload(run);
      const syncAttempts = run.syncAttempts + 1;
      const settled = { syncAttempts, syncFailures: 0, syncRetryAt: null };
      if (attempt.kind === 'stored') {
        this.#failures = 0;
        await db.runs.update(run.runId, { ...settled, sync: 'synced', syncError: null });
      } else if (attempt.kind === 'refused') {
        await db.runs.update(run.runId, { ...settled, sync: 'failed', syncError: attempt.reason });
      } else if (attempt.kind === 'run-error') {
        const failures = (run.syncFailures ?? 0) + 1;
        if (failures >= maxRunFailures) {
          const reason = `${attempt.reason} (${failures} attempts in a row)`;
          await db.runs.update(run.runId, { ...settled, sync: 'failed', syncError: reason });
        } else {
          const wait = Math.max(this.#backoff(failures - 1), attempt.retryAfterMs ?? 0);
          const syncRetryAt = Date.now() + wait;
          nextRetryAt = Math.min(nextRetryAt, syncRetryAt);
          await db.runs.update(run.runId, {
            syncAttempts,
            syncFailures: failures,
            syncRetryAt,
            syncError: attempt.reason,
          });
        }
      } else {
        // Still queued: the run is fine, the store or the token is not. Stop this pass.
        await db.runs.update(run.runId, { syncAttempts, syncError: attempt.reason });
        if (attempt.kind === 'unreachable') {
          this.#wakeIn(attempt.retryAfterMs ?? this.#backoff(this.#failures));
          this.#failures = Math.min(this.#failures + 1, 30);
          this.#options.onStoreUnreachable();
        }
        return;
      }
    }
    // Runs waiting on their own backoff: wake for the first of them.
    if (Number.isFinite(nextRetryAt)) this.#wakeIn(Math.max(0, nextRetryAt - Date.now()));
  }

  async #upload(run: LocalRun): Promise<Attempt> {
    try {
      const response = await this.#options.client.postRun(run.record, run.campaignId);
      if (response.ok) return { kind: 'stored' };
      const reason = await reasonOf(response);
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      if (response.status === 401 || response.status === 403) return { kind: 'unauthorised', reason };
      if ([408, 429, 502, 503, 504].includes(response.status))
        return { kind: 'unreachable', reason, retryAfterMs: retryAfter };
      if (response.status >= 500) return { kind: 'run-error', reason, retryAfterMs: retryAfter };
      return { kind: 'refused', reason };
    } catch (error) {
      if (error instanceof NoLabTokenError) return { kind: 'unauthorised', reason: error.message };
      return {
        kind: 'unreachable',
        reason: `store unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /** Exponential with jitter: base × 2^failures, at most maxDelayMs. */
  #backoff(failures: number): number {
    const { baseDelayMs, maxDelayMs } = this.#options;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** failures) * (0.75 + Math.random() / 2);
  }

  /** One timer for the whole outbox, kept at the earliest wake-up asked for. */
  #wakeIn(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.#cancelTimer && this.#timerDue <= due) return;
    this.#cancelTimer?.();
    this.#timerDue = due;
    this.#cancelTimer = this.#options.schedule(() => {
      this.#cancelTimer = null;
      this.#timerDue = Infinity;
      void this.flush();
    }, delayMs);
  }
}
