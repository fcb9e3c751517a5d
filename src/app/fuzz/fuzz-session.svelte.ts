import type { CaseResult } from '../../core/conformance/conformance-schema';
import { runFuzz, type FuzzOptions, type FuzzReport } from '../../lab/fuzz/run-fuzz';
import { postJson } from '../fleet/store-api';

/** A disagreement: a configuration out of tolerance with ort-wasm (or falling back with wrong outputs). */
export function isDisagreement(c: CaseResult): boolean {
  return c.status === 'wrong' || (c.status === 'fell-back' && !!c.detail?.includes('outputs wrong'));
}

/** One fuzz run at a time from the page: cases as they finish, then the report. */
export class FuzzSession {
  running = $state(false);
  error = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  results = $state.raw<CaseResult[]>([]);
  report = $state.raw<FuzzReport | null>(null);
  stored = $state<string | null>(null);
  readonly disagreements = $derived(this.results.filter(isDisagreement));

  async start(options: FuzzOptions): Promise<void> {
    this.running = true;
    this.error = null;
    this.results = [];
    this.report = null;
    this.stored = null;
    try {
      this.report = await runFuzz(options, ({ done, total, result }) => {
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

  /** The record goes to the store as a conformance record (suite "fuzz:<seed>+<count>"). */
  async send(): Promise<void> {
    if (!this.report) return;
    try {
      const answer = await postJson<{ stored: string }>('/api/conformance', this.report.record);
      this.stored = `stored (${answer.stored})`;
    } catch (error) {
      this.stored = `not stored: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
