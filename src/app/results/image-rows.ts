import { driftBound } from '../../core/report/config-verdict';
import type { ImageResult, RunResult } from '../../core/result-schema';

/** What can be wrong with one configuration's answer on one image. */
export type ImageIssue = 'flip' | 'drift' | 'wrong';

export const issueNames: Record<ImageIssue, string> = {
  flip: 'top-1 flip',
  drift: 'drift over tolerance',
  wrong: 'wrong against ground truth',
};

export interface ImageRow {
  image: ImageResult;
  /** Per configuration, what it got wrong on this image (absent when nothing). */
  issues: Map<string, Set<ImageIssue>>;
  /** The class index of the image's ground truth under the model's labels, when both are known. */
  truthIndex: number | null;
}

/**
 * One row per decoded image with every configuration's issues, so the per-image table exists even when all
 * agree: a wrong preprocessing shows as 100 % agreement and every row wrong against ground truth.
 * `wnids` are the model's labels' ImageNet ids (null when its labels carry none: no ground truth then).
 */
export function imageRows(result: RunResult, wnids: readonly string[] | null): ImageRow[] {
  return result.images
    .filter((image) => !image.decodeError)
    .map((image) => {
      const truthIndex = image.groundTruth && wnids ? wnids.indexOf(image.groundTruth) : -1;
      const bound = driftBound(result, image).maxAbsDiff;
      const issues = new Map<string, Set<ImageIssue>>();
      for (const o of image.outcomes) {
        if (o.status !== 'ok' || !o.top5.length) continue;
        const here = new Set<ImageIssue>();
        if (o.top1AgreesWithReference === false) here.add('flip');
        if (o.maxAbsDiff !== null && o.maxAbsDiff > bound) here.add('drift');
        if (truthIndex >= 0 && o.top5[0].index !== truthIndex) here.add('wrong');
        if (here.size) issues.set(o.configId, here);
      }
      return { image, issues, truthIndex: truthIndex >= 0 ? truthIndex : null };
    });
}

export interface RowFilter {
  /** '' for any configuration. */
  configId: string;
  /** 'all' keeps every image; 'any' those with some issue. */
  issue: ImageIssue | 'any' | 'all';
}

export function filterRows(rows: readonly ImageRow[], filter: RowFilter): ImageRow[] {
  if (filter.issue === 'all') return [...rows];
  const matches = (set: Set<ImageIssue> | undefined) =>
    !!set && (filter.issue === 'any' ? set.size > 0 : set.has(filter.issue as ImageIssue));
  return rows.filter((row) =>
    filter.configId
      ? matches(row.issues.get(filter.configId))
      : [...row.issues.values()].some((set) => matches(set)),
  );
}

export interface FlipGroup {
  /** The reference's top-1 label, and the one the flipping configurations gave instead. */
  from: string;
  to: string;
  count: number;
  configIds: string[];
}

/** Top-1 flips grouped by label pair ("tench → goldfish × 12"), most frequent first. */
export function flipGroups(result: RunResult): FlipGroup[] {
  const referenceId = result.settings.referenceConfigId;
  const groups = new Map<string, FlipGroup>();
  for (const image of result.images) {
    const reference = image.outcomes.find((o) => o.configId === referenceId && o.status === 'ok');
    if (!reference?.top5.length) continue;
    for (const o of image.outcomes) {
      if (o.status !== 'ok' || !o.top5.length || o.top5[0].index === reference.top5[0].index) continue;
      const from = reference.top5[0].label;
      const to = o.top5[0].label;
      const key = `${from}\u0000${to}`;
      const group = groups.get(key) ?? { from, to, count: 0, configIds: [] };
      group.count += 1;
      if (!group.configIds.includes(o.configId)) group.configIds.push(o.configId);
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from));
}
