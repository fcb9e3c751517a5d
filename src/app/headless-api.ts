import { startRun, type RunOptions } from '../lab/start-run';
import type { LabProgress } from '../lab/run-lab';
import { zoo } from '../lab/zoo';

declare global {
  interface Window {
    crosscheck: {
      zoo: typeof zoo;
      run(options: RunOptions): Promise<unknown>;
    };
    /** Set by the headless runner (Playwright exposeFunction) to stream progress to the terminal. */
    crosscheckProgress?: (progress: LabProgress) => void;
  }
}

/** The entry the headless runner drives: the same startRun the page's form calls. */
export function exposeHeadlessApi(): void {
  window.crosscheck = {
    zoo,
    run: (options) => startRun(options, (progress) => window.crosscheckProgress?.(progress)),
  };
}
