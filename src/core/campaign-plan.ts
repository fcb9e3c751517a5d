import { z } from 'zod';
import { configIdSchema } from './result-schema';
import { storableString } from './storable-string';

/** What every device of a campaign runs: the same models, images, configurations and repetitions. */
export const campaignPlanSchema = z.object({
  name: storableString()
    .min(1)
    .max(256)
    .regex(/^[^<>]*$/, 'must not contain < or >'),
  modelIds: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/, 'a model id like nsfw-mobilenet-v2'))
    .min(1)
    .max(32),
  /** 'samples' (built in) or a folder the server mounts under /shared/, e.g. data/imagenet-samples. */
  images: z.object({
    source: z.enum(['samples', 'shared']),
    path: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9._/-]*$/, 'a relative folder path')
      .refine((p) => !p.includes('..'), 'must not contain ..')
      .optional(),
    limit: z.number().int().positive().max(100_000).optional(),
  }),
  configIds: z.array(configIdSchema).min(1).max(16),
  repetitions: z.number().int().positive().max(100),
  warmupRuns: z.number().int().nonnegative().max(1000).optional(),
  timedRuns: z.number().int().positive().max(10_000).optional(),
});
export type CampaignPlan = z.infer<typeof campaignPlanSchema>;

export interface Campaign {
  campaignId: string;
  createdAt: string;
  plan: CampaignPlan;
}
