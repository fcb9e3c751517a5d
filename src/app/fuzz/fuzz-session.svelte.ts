import type { CaseResult } from '../../core/conformance/conformance-schema';
import { runFuzz, type FuzzOptions, type FuzzReport } from '../../lab/fuzz/run-fuzz';
import { SuiteSession } from '../conformance/suite-session.svelte';

/** A disagreement: a configuration out of tolerance with ort-wasm (or falling back with wrong outputs). */
export function isDisagreement(c: CaseResult): boolean {
  return c.status === 'wrong' || (c.status === 'fell-back' && !!c.detail?.includes('outputs wrong'));
}

/** One fuzz run at a time from the page: cases as they finish, then the report, stored as a conformance record. */
export class FuzzSession extends SuiteSession<FuzzOptions, FuzzReport> {
  readonly disagreements = $derived(this.results.filter(isDisagreement));

  constructor() {
    super(runFuzz, (report) => report.record);
  }
}
