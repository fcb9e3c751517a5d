import type { RunResult } from '../core/result-schema';
import type { LabProgress } from '../lab/run-lab';
import { startRun, type RunOptions } from '../lab/start-run';

/** One run at a time from the page: its progress, its result or its error. */
export class LabSession {
  progress = $state<LabProgress | null>(null);
  result = $state.raw<RunResult | null>(null);
  error = $state<string | null>(null);
  running = $state(false);
  #controller: AbortController | null = null;

  async start(options: RunOptions): Promise<void> {
    this.#controller = new AbortController();
    this.running = true;
    this.error = null;
    this.result = null;
    try {
      this.result = await startRun(options, (p) => (this.progress = p), this.#controller.signal);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running = false;
      this.#controller = null;
    }
  }

  cancel(): void {
    this.#controller?.abort(new Error('cancelled by the user'));
  }
}
