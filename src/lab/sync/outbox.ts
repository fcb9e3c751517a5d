import { liveQuery, type Subscription } from 'dexie';
import { refusalOf } from '../../core/error-answer';
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
  /** A run the store keeps failing (5xx) becomes `failed` after this many attempts in a row. */
  maxRunFailures?: number;
  /** Where `online` events come from (the window on the page). */
  events?: EventTarget;
  /** Calls `wake` after `delayMs` (setTimeout by default); returns a cancel. */
  schedule?: (wake: () => void, delayMs: number) => () => void;
}

/** What one upload attempt tells us about the run and about the store. */
type Attempt =
  | { kind: 'stored' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unauthorised'; reason: string }
  /** The store failed on this run (500): other runs may go up meanwhile. */
  | { kind: 'run-error'; reason: string }
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
 * behind it go on, and after `maxRunFailures` such answers in a row it becomes failed.
 */
export class Outbox {
  #options: Required<Omit<OutboxOptions, 'events'>> & { events?: EventTarget };
  #cancelTimer: (() => void) | null = null;
  #timerDue = Infinity;
  #failures = 0;
  /** Per run the store failed on: answers in a row, and not before when to try it again. */
  #runFailures = new Map<string, { count: number; notBefore: number }>();
  #flushing: Promise<void> | null = null;
  #again = false;
  #subscription: Subscription | null = null;
  /** Queued runs already seen: only a new one triggers a pass (our own updates must not loop). */
  #seen = new Set<string>();
  #onOnline = () => void this.flush();

  constructor(options: OutboxOptions) {
    this.#options = {
      fetch: globalThis.fetch.bind(globalThis),
      deviceName: () => null,
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
    await this.#options.db.runs.where('sync').equals('failed').modify({ sync: 'queued', syncError: null });
    this.#runFailures.clear();
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
      if ((this.#runFailures.get(run.runId)?.notBefore ?? 0) > Date.now()) continue;
      const attempt = await this.#upload(run);
      const attempts = run.syncAttempts + 1;
      if (attempt.kind === 'stored') {
        this.#failures = 0;
        this.#runFailures.delete(run.runId);
        await this.#options.db.runs.update(run.runId, {
          sync: 'synced',
          syncAttempts: attempts,
          syncError: null,
        });
      } else if (attempt.kind === 'refused') {
        this.#runFailures.delete(run.runId);
        await this.#options.db.runs.update(run.runId, {
          sync: 'failed',
          syncAttempts: attempts,
          syncError: attempt.reason,
        });
      } else if (attempt.kind === 'run-error') {
        const count = (this.#runFailures.get(run.runId)?.count ?? 0) + 1;
        if (count >= this.#options.maxRunFailures) {
          this.#runFailures.delete(run.runId);
          const reason = `${attempt.reason} (${count} attempts in a row)`;
          await this.#options.db.runs.update(run.runId, {
            sync: 'failed',
            syncAttempts: attempts,
            syncError: reason,
          });
        } else {
          this.#runFailures.set(run.runId, { count, notBefore: Date.now() + this.#backoff(count - 1) });
          await this.#options.db.runs.update(run.runId, {
            syncAttempts: attempts,
            syncError: attempt.reason,
          });
        }
      } else {
        // Still queued: the run is fine, the store or the token is not. Stop this pass.
        await this.#options.db.runs.update(run.runId, { syncAttempts: attempts, syncError: attempt.reason });
        if (attempt.kind === 'unreachable') {
          this.#wakeIn(attempt.retryAfterMs ?? this.#backoff(this.#failures));
          this.#failures = Math.min(this.#failures + 1, 30);
        }
        return;
      }
    }
    // Runs waiting on their own backoff: wake for the first of them.
    const next = Math.min(...[...this.#runFailures.values()].map((f) => f.notBefore));
    if (Number.isFinite(next)) this.#wakeIn(Math.max(0, next - Date.now()));
  }

  async #upload(run: LocalRun): Promise<Attempt> {
    const token = this.#options.token();
    if (!token) return { kind: 'unauthorised', reason: 'waiting for the lab token' };
    try {
      const url = new URL('api/runs', this.#options.storeUrl);
      const device = this.#options.deviceName();
      if (device) url.searchParams.set('device', device);
      if (run.campaignId) url.searchParams.set('campaign', run.campaignId);
      const response = await this.#options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(run.record),
      });
      if (response.ok) return { kind: 'stored' };
      const reason = await reasonOf(response);
      if (response.status === 401 || response.status === 403) return { kind: 'unauthorised', reason };
      if (
        response.status === 408 ||
        response.status === 429 ||
        response.status === 502 ||
        response.status === 503 ||
        response.status === 504
      ) {
        return {
          kind: 'unreachable',
          reason,
          retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
        };
      }
      if (response.status >= 500) return { kind: 'run-error', reason };
      return { kind: 'refused', reason };
    } catch (error) {
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
