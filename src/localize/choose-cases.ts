import { configVerdict, imageVerdict } from '../core/report/config-verdict';
import type { RunResult } from '../core/result-schema';

/** Whether the configuration's outcome on the image leaves the reference's (so "Why?" can be asked). */
export function disagreesOn(result: RunResult, configId: string, imageName: string): boolean {
  const image = result.images.find((i) => i.name === imageName);
  const outcome = image?.outcomes.find((o) => o.configId === configId && o.status === 'ok');
  if (!image?.inputSha256 || !outcome || configId === result.settings.referenceConfigId) return false;
  return imageVerdict(result, image, outcome)?.verdict !== 'agrees';
}

/** The first image, in run order, on which the configuration did not agree with the reference. */
export function firstDisagreeingImage(result: RunResult, configId: string): string | null {
  return result.images.find((image) => disagreesOn(result, configId, image.name))?.name ?? null;
}

/** Every configuration whose verdict is not "agrees", each on its first disagreeing image. */
export function casesToLocalize(result: RunResult): { suspectId: string; image: string }[] {
  return result.configs.flatMap((config) => {
    const { verdict } = configVerdict(result, config);
    if (verdict !== 'drifts' && verdict !== 'disagrees' && verdict !== 'failed') return [];
    const image = firstDisagreeingImage(result, config.configId);
    return image ? [{ suspectId: config.configId, image }] : [];
  });
}
