import type { RunResult } from '../../core/result-schema';
import type { LabProgress } from '../../lab/run/run-lab';
import { resumeRun, startRun, type RunOptions } from '../../lab/run/start-run';
import { RunProgress } from './run-progress.svelte';

/** One run at a time from the page: its progress or its error; pausable between steps. It returns the result. */
export class LabSession {
  progress = $state<RunProgress | null>(null);
  error = $state<string | null>(null);
  running = $state(false);
  paused = $state(false);
  /** Cancel was asked for; the run ends as soon as the worker in flight is stopped. */
  cancelling = $state(false);
  #controller: AbortController | null = null;
  #resume: (() => void) | null = null;
  #resumed: Promise<void> = Promise.resolve();

  start(options: RunOptions, configIds: string[]): Promise<RunResult | null> {
    // A plain copy: the options are checkpointed to IndexedDB, which cannot clone reactive proxies.
    const plain = $state.snapshot<RunOptions>(options);
    return this.#drive(configIds, (onProgress, signal, betweenSteps) =>
      startRun(plain, onProgress, signal, betweenSteps),
    );
  }

  /** Carries on a run that stopped (reload, crash, closed tab) from its checkpoint. */
  continue(runId: string, configIds: string[]): Promise<RunResult | null> {
    return this.#drive(configIds, (onProgress, signal, betweenSteps) =>
      resumeRun(runId, onProgress, signal, betweenSteps),
    );
  }

  async #drive(
    configIds: string[],
    run: (
      onProgress: (progress: LabProgress) => void,
      signal: AbortSignal,
      betweenSteps: () => Promise<void>,
    ) => Promise<RunResult>,
  ): Promise<RunResult | null> {
    this.#controller = new AbortController();
    this.running = true;
    this.paused = false;
    this.error = null;
    const progress = new RunProgress(configIds);
    this.progress = progress;
    const clock = setInterval(() => progress.tick(), 1000);
    try {
      return await run(
        (p) => progress.update(p),
        this.#controller.signal,
        () => this.#resumed,
      );
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      clearInterval(clock);
      this.running = false;
      this.paused = false;
      this.cancelling = false;
      this.#controller = null;
    }
  }

  /** The run stops at its next step boundary, never inside a timed inference. */
  pause(): void {
    if (!this.running || this.paused) return;
    this.paused = true;
    this.#resumed = new Promise((resolve) => (this.#resume = resolve));
  }

  resume(): void {
    this.paused = false;
    this.#resume?.();
    this.#resume = null;
    this.#resumed = Promise.resolve();
  }

  /** Ends the run at once (the worker in flight is terminated); what was measured is kept as a cancelled run. */
  cancel(): void {
    if (this.running) this.cancelling = true;
    this.#controller?.abort(new Error('cancelled by the user'));
    this.resume();
  }
}
