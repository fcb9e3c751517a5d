import type { CaseResult } from '../../core/conformance/conformance-schema';
import type { ConformanceProgress } from '../../lab/conformance/run-conformance';
import { postJson } from '../fleet/store-api';

/**
 * One suite at a time from the page (operator conformance, fuzzing): results as they arrive, then the
 * suite's outcome, whose conformance record can be sent to the store.
 */
export class SuiteSession<Options, Outcome> {
  running = $state(false);
  error = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  results = $state.raw<CaseResult[]>([]);
  outcome = $state.raw<Outcome | null>(null);
  /** What the store said about the record, once sent. */
  stored = $state<string | null>(null);

  constructor(
    private readonly runSuite: (
      options: Options,
      onProgress: (p: ConformanceProgress) => void,
    ) => Promise<Outcome>,
    private readonly recordOf: (outcome: Outcome) => unknown,
  ) {}

  async start(options: Options): Promise<void> {
    this.running = true;
    this.error = null;
    this.results = [];
    this.outcome = null;
    this.stored = null;
    try {
      this.outcome = await this.runSuite(options, ({ done, total, result }) => {
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
    if (!this.outcome) return;
    try {
      const answer = await postJson<{ stored: string }>('/api/conformance', this.recordOf(this.outcome));
      this.stored = `stored (${answer.stored})`;
    } catch (error) {
      this.stored = `not stored: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
