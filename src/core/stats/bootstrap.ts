import { percentile } from './summary';
import { seededRandom } from './seeded-random';

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /** Number of resamples. */
  resamples?: number;
  /** Two-sided coverage, e.g. 0.95. */
  confidence?: number;
  /** Fixed by default: the same samples always give the same interval. */
  seed?: number;
}

const defaults = { resamples: 2000, confidence: 0.95, seed: 0x5eed };

function median(values: Float64Array): number {
  return percentile(values.sort(), 0.5);
}

function resampleMedian(samples: readonly number[], random: () => number, scratch: Float64Array): number {
  for (let i = 0; i < scratch.length; i++) scratch[i] = samples[Math.floor(random() * samples.length)];
  return median(scratch);
}

/** The percentile interval of `statistic` over `resamples` draws. */
function percentileInterval(draw: () => number, options: BootstrapOptions): Interval | null {
  const { resamples, confidence } = { ...defaults, ...options };
  const values = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) values[i] = draw();
  const sorted = values.sort();
  const tail = (1 - confidence) / 2;
  const interval = { low: percentile(sorted, tail), high: percentile(sorted, 1 - tail) };
  return Number.isFinite(interval.low) && Number.isFinite(interval.high) ? interval : null;
}

/**
 * Percentile-bootstrap confidence interval for the median (p50) of latency samples; null for fewer than
 * two samples, where resampling says nothing.
 */
export function medianInterval(samples: readonly number[], options: BootstrapOptions = {}): Interval | null {
  if (samples.length < 2) return null;
  const random = seededRandom(options.seed ?? defaults.seed);
  const scratch = new Float64Array(samples.length);
  return percentileInterval(() => resampleMedian(samples, random, scratch), options);
}

/**
 * Percentile-bootstrap confidence interval for median(a) ÷ median(b), each side resampled on its own
 * (the two configurations were timed independently); null when either side has fewer than two samples
 * or a resampled median of b is 0.
 */
export function medianRatioInterval(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): Interval | null {
  if (a.length < 2 || b.length < 2) return null;
  const random = seededRandom(options.seed ?? defaults.seed);
  const scratchA = new Float64Array(a.length);
  const scratchB = new Float64Array(b.length);
  return percentileInterval(
    () => resampleMedian(a, random, scratchA) / resampleMedian(b, random, scratchB),
    options,
  );
}
