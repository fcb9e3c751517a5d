import { z } from 'zod';
import { storableString } from '../storable-string';

const configId = storableString().max(256);
const interval = z.object({ low: z.number(), high: z.number() });
const rate = z.number().min(0).max(1);

/** One configuration's evidence: its steady-state latency and its agreement with the reference. */
export const recommendedConfigSchema = z.object({
  configId,
  p50Ms: z.number().min(0),
  /** Bootstrap 95 % interval of p50Ms; null with too few samples. */
  p50IntervalMs: interval.nullable(),
  top1Agreement: rate,
});
export type RecommendedConfig = z.infer<typeof recommendedConfigSchema>;

/**
 * What to ship on this device (docs/options.md#the-recommendation): the fastest configuration whose verdict
 * agrees with the reference and whose top-1 agreement is at least the threshold, with the evidence.
 */
export const recommendationSchema = z.object({
  /** The least top-1 agreement with the reference a configuration must reach. */
  threshold: rate,
  /** Null when no configuration qualifies (`reason` says why). */
  pick: recommendedConfigSchema.nullable(),
  /** The next fastest that qualifies; `overlaps`: its p50 interval overlaps the pick's, so it may be as fast. */
  runnerUp: recommendedConfigSchema.extend({ overlaps: z.boolean() }).nullable(),
  /** Every configuration faster than the pick (or every measured one, with no pick), and why it was passed over. */
  rejected: z
    .array(z.object({ configId, p50Ms: z.number().min(0), reason: storableString().max(4096) }))
    .max(256),
  reason: storableString().max(1024).nullable(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;
