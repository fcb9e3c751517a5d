import type { NativeReferences, UserAgentMemory } from '../result-schema';

/** Number formatting shared by the page and the terminal summary, so both read the same. */
export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value < 9.995 ? value.toFixed(2) : value.toFixed(1);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function sci(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value === 0 ? '0' : value.toExponential(2);
}

export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(2)}×`;
}

/** A confidence interval as "low–high", each end formatted like its point estimate. */
export function interval(
  value: { low: number; high: number } | null | undefined,
  format: (value: number) => string,
): string {
  return value === null || value === undefined ? '—' : `${format(value.low)}–${format(value.high)}`;
}

/** Warm-up runs taken and whether they reached steady state (older records say only the count). */
export function warmUp(runs: number, steady: boolean | null): string {
  return steady === null ? String(runs) : `${runs} ${steady ? 'steady' : 'unsteady'}`;
}

export function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The configuration worker's share of measureUserAgentSpecificMemory, or why there is none. */
export function userAgentMemory(memory: UserAgentMemory | null | undefined): string {
  if (!memory) return '—';
  return memory.status === 'measured' ? mib(memory.workerBytes) : memory.status;
}

export function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? '—' : value ? 'yes' : 'no';
}

/** Top-1 agreement with the native reference, and the largest |Δ| over the configuration's top-5 classes. */
export function vsNative(native: NativeReferences, configId: string): string {
  const c = native.perConfiguration[configId];
  return c?.images ? `${percent(c.top1Agreement)} ${sci(c.maxAbsDiffTop5)}` : '—';
}
