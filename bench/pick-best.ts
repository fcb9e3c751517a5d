import type { ConfigResult } from '../src/core/result-schema';

/** A configuration's steady-state p50 as the bench measured it. */
export interface TimedConfig {
  configId: string;
  p50Ms: number;
}

/**
 * The browser configuration set against native: the fastest one whose labels agree with the reference's
 * on every image of an agreement run (the reference itself agrees by definition). A fast configuration
 * with wrong answers (ort-webgpu on the int8 model) is no candidate. The product's own recommendation
 * rule lives in src/core/recommend/; this bench-side stand-in is the one place to swap for it.
 */
export function fastestAgreeing(
  timed: TimedConfig[],
  agreementRun: { referenceConfigId: string; configs: ConfigResult[] },
): TimedConfig | null {
  const agrees = (configId: string) => {
    const config = agreementRun.configs.find((c) => c.configId === configId);
    if (config?.status !== 'ok') return false;
    return configId === agreementRun.referenceConfigId || config.agreement?.top1AgreementRate === 1;
  };
  return [...timed].filter((t) => agrees(t.configId)).sort((a, b) => a.p50Ms - b.p50Ms)[0] ?? null;
}
