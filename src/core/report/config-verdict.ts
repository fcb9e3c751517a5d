import type { ConfigResult, RunResult } from '../result-schema';
import { wholeModelTolerance } from '../tolerance/whole-model';

/**
 * One configuration against the reference, over every image: `agrees` (within the whole-model tolerance),
 * `drifts` (beyond it, same top-1), `disagrees` (a different top-1 beyond it), `failed` (not ok, an image
 * failed or gave NaN/Infinity); `reference` for the reference itself; `untested` when nothing was compared.
 */
export type Verdict = 'agrees' | 'drifts' | 'disagrees' | 'failed' | 'reference' | 'untested' | 'unsupported';

export interface ConfigVerdict {
  verdict: Verdict;
  /** Why, in words: the worst image and the bound it was held to. */
  detail: string;
}

const order: Verdict[] = ['agrees', 'drifts', 'disagrees', 'failed'];

export function configVerdict(
  result: Pick<RunResult, 'settings' | 'images' | 'model'>,
  config: ConfigResult,
): ConfigVerdict {
  if (config.status === 'unsupported') return { verdict: 'unsupported', detail: config.reason ?? '' };
  if (config.status !== 'ok')
    return { verdict: 'failed', detail: `${config.status}: ${config.reason ?? ''}` };
  const referenceId = result.settings.referenceConfigId;
  if (config.configId === referenceId)
    return { verdict: 'reference', detail: 'the others are compared with it' };
  let verdict: Verdict | null = null;
  let detail = '';
  for (const image of result.images) {
    const outcome = image.outcomes.find((o) => o.configId === config.configId);
    if (!outcome) continue;
    let here: Verdict;
    let why: string;
    if (outcome.status !== 'ok' || outcome.nonFiniteCount > 0) {
      here = 'failed';
      why = outcome.reason ?? `${outcome.nonFiniteCount} non-finite values`;
    } else if (outcome.maxAbsDiff === null) {
      continue;
    } else {
      const reference = image.outcomes.find((o) => o.configId === referenceId);
      const bound = wholeModelTolerance(result.model.classes, reference?.top5[0]?.score ?? 1).maxAbsDiff;
      here =
        outcome.maxAbsDiff <= bound ? 'agrees' : outcome.top1AgreesWithReference ? 'drifts' : 'disagrees';
      why = `max |Δ| ${outcome.maxAbsDiff.toPrecision(2)} vs bound ${bound.toPrecision(2)}`;
    }
    // The first image at the worst level explains the verdict.
    if (verdict === null || order.indexOf(here) > order.indexOf(verdict)) {
      verdict = here;
      detail = `${image.name}: ${why}`;
    }
  }
  return verdict
    ? { verdict, detail }
    : { verdict: 'untested', detail: 'no image was compared with the reference' };
}
