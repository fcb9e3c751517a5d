import type { CaseResult, ConformanceRecord } from '../../core/conformance/conformance-schema';
import { entriesOf, operatorMatrix } from '../../core/conformance/operator-matrix';
import type { ConformanceOptions } from '../../lab/conformance/run-conformance';
import { startConformance } from '../../lab/conformance/start-conformance';

/** One conformance suite at a time from the page: results as they arrive, then the whole record. */
export class ConformanceSession {
  running = $state(false);
  error = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  results = $state.raw<CaseResult[]>([]);
  record = $state.raw<ConformanceRecord | null>(null);
  readonly rows = $derived(operatorMatrix(entriesOf(this.results)));

  async start(options: ConformanceOptions): Promise<void> {
    this.running = true;
    this.error = null;
    this.results = [];
    this.record = null;
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
}
