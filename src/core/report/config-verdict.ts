import type { ConfigResult, ImageConfigOutcome, ImageResult, RunResult } from '../result-schema';
import { wholeModelTolerance, type WholeModelTolerance } from '../tolerance/whole-model';

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

/** What a verdict reads of a run: enough that a run still being assembled can be judged. */
type VerdictInput = Pick<RunResult, 'settings' | 'images' | 'model' | 'native'>;

/**
 * The whole-model tolerance on this image: float rounding, raised to the native runtimes' own drift when
 * `--native` measured one (docs/tolerances.md): no browser runtime is held tighter than native ones manage.
 */
export function driftBound(result: VerdictInput, image: ImageResult): WholeModelTolerance {
  const reference = image.outcomes.find((o) => o.configId === result.settings.referenceConfigId);
  return wholeModelTolerance(
    result.model.classes,
    reference?.top5[0]?.score ?? 1,
    result.native?.driftMaxAbsDiff ?? null,
  );
}

const order: Verdict[] = ['agrees', 'drifts', 'disagrees', 'failed'];

/** One image's outcome against the reference's; null when it was not compared. */
export function imageVerdict(
  result: VerdictInput,
  image: ImageResult,
  outcome: ImageConfigOutcome,
): { verdict: Exclude<Verdict, 'reference' | 'untested' | 'unsupported'>; why: string } | null {
  if (outcome.status !== 'ok' || outcome.nonFiniteCount > 0)
    return { verdict: 'failed', why: outcome.reason ?? `${outcome.nonFiniteCount} non-finite values` };
  if (outcome.maxAbsDiff === null) return null;
  const { maxAbsDiff: bound, byNative } = driftBound(result, image);
  return {
    verdict:
      outcome.maxAbsDiff <= bound ? 'agrees' : outcome.top1AgreesWithReference ? 'drifts' : 'disagrees',
    why: `max |Δ| ${outcome.maxAbsDiff.toPrecision(2)} vs bound ${bound.toPrecision(2)}${byNative ? ' (native drift)' : ''}`,
  };
}

export function configVerdict(result: VerdictInput, config: ConfigResult): ConfigVerdict {
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
    const judged = outcome && imageVerdict(result, image, outcome);
    if (!judged) continue;
    const { verdict: here, why } = judged;
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
