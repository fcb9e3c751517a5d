import type { ConformanceRecord } from '../../core/conformance/conformance-schema';
import { entriesOf, operatorMatrix } from '../../core/conformance/operator-matrix';
import type { ConformanceOptions } from '../../lab/conformance/run-conformance';
import { startConformance } from '../../lab/conformance/start-conformance';
import { SuiteSession } from './suite-session.svelte';

/** One conformance suite at a time from the page: results as they arrive, then the whole record. */
export class ConformanceSession extends SuiteSession<ConformanceOptions, ConformanceRecord> {
  readonly rows = $derived(operatorMatrix(entriesOf(this.results)));

  constructor() {
    super(startConformance, (record) => record);
  }
}
