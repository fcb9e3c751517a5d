import type { CaseResult, ConformanceRecord } from '../../core/conformance/conformance-schema';
import { entriesOf, operatorMatrix } from '../../core/conformance/operator-matrix';
import type { ConformanceOptions } from '../../lab/conformance/run-conformance';
import { startConformance } from '../../lab/conformance/start-conformance';
import { postJson } from '../fleet/store-api';

/** One conformance suite at a time from the page: results as they arrive, then the whole record. */
export class ConformanceSession {
  running = $state(false);
  error = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  results = $state.raw<CaseResult[]>([]);
  record = $state.raw<ConformanceRecord | null>(null);
  /** What the store said about the record, once sent. */
  stored = $state<string | null>(null);
  readonly rows = $derived(operatorMatrix(entriesOf(this.results)));

  async start(options: ConformanceOptions): Promise<void> {
    this.running = true;
    this.error = null;
    this.results = [];
    this.record = null;
    this.stored = null;
    try {
      this.record = await startConformance(options, ({ done, total, result }) => {
        this.done = done;
        this.total = total;
        this.results = [...this.results, result];
      });
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running = false;
    }
  }

  /** Sends the finished record to the store (the lab token set in the Lab tab's sync panel). */
  async send(): Promise<void> {
    if (!this.record) return;
    try {
      const answer = await postJson<{ stored: string }>('/api/conformance', this.record);
      this.stored = `stored (${answer.stored})`;
    } catch (error) {
      this.stored = `not stored: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
