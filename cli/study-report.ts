import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeStudyRecommendation, recommendStudy } from '../src/core/study/recommend-study';
import { matrixLines, studyMatrix } from '../src/core/study/study-matrix';
import type { StudyOutcome } from './run-study-headless';

/**
 * A finished study as the CLI prints it (the matrix, why cells were skipped, the recommendation) and keeps
 * it: `<out>/study-<name>-<start>.json` (progress, matrix, recommendation and every run) and `.txt`.
 */
export async function writeStudyReport(out: string, { progress, runs }: StudyOutcome) {
  const byId = new Map(runs.map((run) => [run.runId, run]));
  const matrix = studyMatrix(progress, byId);
  const recommendation = recommendStudy(progress, byId);
  const { definition } = progress;
  const count = (state: string) => progress.cells.filter((c) => c.state === state).length;
  const lines = [
    `Study "${definition.name}" (${progress.studyId}): ${definition.model}; reference ${progress.referenceConfigId}; ${definition.warmupRuns} warm-up + ${definition.timedRuns} timed runs`,
    `${count('done')} cells measured in ${runs.length} run${runs.length === 1 ? '' : 's'}, ${count('skipped')} skipped; ${Math.round(progress.spentMs / 1000)} s of the ${definition.budgetMinutes} min budget`,
    ...matrixLines(progress, matrix),
    ...describeStudyRecommendation(recommendation),
  ];
  await mkdir(out, { recursive: true });
  const slug = definition.name.replace(/[^A-Za-z0-9_-]+/g, '-');
  const stem = join(out, `study-${slug}-${progress.startedAt.replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, JSON.stringify({ study: progress, recommendation, matrix, runs }, null, 2));
  await writeFile(`${stem}.txt`, lines.join('\n') + '\n');
  return { lines, stem };
}
