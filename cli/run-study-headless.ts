import type { RunResult } from '../src/core/result-schema';
import { runResultSchema } from '../src/core/result-schema';
import type { StudyDefinition } from '../src/core/study/study-definition';
import { studyProgressSchema, type StudyProgress } from '../src/core/study/study-progress';
import { openLab, storeRun, withLabPage, type HeadlessOptions, type LabPageOptions } from './run-headless';

export interface StudyHeadlessOptions
  extends LabPageOptions, Pick<HeadlessOptions, 'onProgress' | 'onConsole'> {
  definition: StudyDefinition;
  /** Told after each step of the study (cells done or skipped). */
  onStudyProgress?: (progress: StudyProgress) => void;
}

export interface StudyOutcome {
  progress: StudyProgress;
  runs: RunResult[];
  /** Where each run went in the lab store (or why not). */
  stored: { ok: boolean; message: string }[];
}

/**
 * Drives the page's study (the Study screen's runner) in system Chromium. With a session that ran before
 * (a port kept), the study that profile began carries on; none there (killed before its first step was
 * written) starts it afresh. Every run it made is then put in the lab store.
 */
export function runStudyHeadless(options: StudyHeadlessOptions): Promise<StudyOutcome> {
  return withLabPage(options, async (page, server, store) => {
    await page.exposeFunction('crosscheckStudyProgress', (p: StudyProgress) => options.onStudyProgress?.(p));
    await openLab(page, server.url, options);
    const raw = await page.evaluate(
      async ({ definition, resume }) => {
        const [unfinished] = resume ? await window.crosscheck.unfinishedStudies() : [];
        return unfinished ? window.crosscheck.resumeStudy(unfinished) : window.crosscheck.study(definition);
      },
      { definition: options.definition, resume: Boolean(options.session?.port) },
    );
    const { progress, runs } = raw as { progress: unknown; runs: unknown[] };
    const records = runs.map((run) => runResultSchema.parse(run));
    const stored = [];
    for (const record of records) stored.push(await storeRun(store, record));
    return { progress: studyProgressSchema.parse(progress), runs: records, stored };
  });
}
