import type { RunResult } from '../../core/result-schema';
import type { StudyDefinition } from '../../core/study/study-definition';
import type { StudyProgress } from '../../core/study/study-progress';
import type { LabProgress } from '../../lab/run/run-lab';
import { beginStudy, continueStudy, studyRuns } from '../../lab/study/page-study';
import { deviceStudies } from '../../lab/study/study-store';

/** One study at a time from the Study screen: its cells as they go, the run in flight, its runs for the matrix. */
export class StudySession {
  progress = $state.raw<StudyProgress | null>(null);
  /** The step's run in flight; null between runs. */
  run = $state.raw<LabProgress | null>(null);
  /** The study's finished runs by id: the matrix and the recommendation read them. */
  runs = $state.raw<Map<string, RunResult>>(new Map());
  running = $state(false);
  error = $state<string | null>(null);
  /** Studies this device began and did not finish (a reload, a closed tab), newest first. */
  unfinished = $state.raw<StudyProgress[]>([]);
  #controller: AbortController | null = null;

  async loadUnfinished(): Promise<void> {
    this.unfinished = await deviceStudies().unfinished();
  }

  start(definition: StudyDefinition): Promise<void> {
    return this.#drive(() => beginStudy(definition));
  }

  resume(progress: StudyProgress): Promise<void> {
    return this.#drive(() => progress);
  }

  /** Ends the run in flight at once; the study stops after it, its cells left pending for a later Resume. */
  cancel(): void {
    this.#controller?.abort();
  }

  async discard(studyId: string): Promise<void> {
    await deviceStudies().studies.delete(studyId);
    await this.loadUnfinished();
  }

  async #drive(begin: () => StudyProgress): Promise<void> {
    this.#controller = new AbortController();
    this.running = true;
    this.error = null;
    this.run = null;
    try {
      const start = begin();
      this.progress = start;
      this.runs = await studyRuns(start);
      const final = await continueStudy(
        start,
        (progress, run) => {
          this.progress = progress;
          this.run = run;
          // A step ended: its run joins the matrix.
          if (!run) void studyRuns(progress).then((runs) => (this.runs = runs));
        },
        this.#controller.signal,
      );
      this.progress = final;
      this.runs = await studyRuns(final);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running = false;
      this.run = null;
      this.#controller = null;
      await this.loadUnfinished();
    }
  }
}
