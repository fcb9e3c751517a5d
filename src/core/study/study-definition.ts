import { z } from 'zod';
import { describeIssues } from '../describe-issues';

/** The variant every study includes: the model as shipped, against which the others are judged. */
export const ORIGINAL_VARIANT = 'original';

const written = z.string().trim().min(1, 'must not be empty').max(256);

/**
 * A study (docs/studies.md): one model over configurations × variants, within a time budget. Configurations
 * and variants are written as everywhere else (docs/options.md, src/variants/variant-spec.ts).
 */
export const studyDefinitionSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(128),
  /** A model of the zoo. */
  model: z.string().min(1).max(128),
  /** The built-in sample images, at most `limit` of them. */
  images: z.strictObject({ limit: z.number().int().positive().optional() }).default({}),
  configurations: z.array(written).min(1, 'name at least one configuration').max(64),
  /** The configuration the original model runs on as every run's reference; the model's default when absent. */
  reference: written.optional(),
  /** `original` is always included (first) whether written or not. */
  variants: z.array(written).max(16).default([]),
  /** Cells whose estimate does not fit in what is left of it are skipped, saying so. */
  budgetMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
  warmupRuns: z.number().int().nonnegative().max(1000).default(5),
  timedRuns: z.number().int().positive().max(10_000).default(10),
});
export type StudyDefinition = z.infer<typeof studyDefinitionSchema>;

/** How configurations and variants are checked and written canonically (the lab passes the real parsers). */
export interface StudyNormalizers {
  configId: (text: string) => string;
  variant: (text: string) => string;
}

/**
 * A study from JSON (a file, a preset): refused with every bad field named (`configurations.1: …`), else
 * with configurations and variants in canonical form, duplicates dropped and `original` first.
 */
export function parseStudyDefinition(value: unknown, normalize: StudyNormalizers): StudyDefinition {
  const parsed = studyDefinitionSchema.safeParse(value);
  if (!parsed.success) throw new Error(`study: ${describeIssues(parsed.error)}`);
  const study = parsed.data;
  const problems: string[] = [];
  const canonical = (field: string, texts: readonly string[], parse: (text: string) => string) =>
    texts.flatMap((text, i) => {
      try {
        return [parse(text)];
      } catch (error) {
        problems.push(`${field}.${i}: ${(error as Error).message}`);
        return [];
      }
    });
  const configurations = canonical('configurations', study.configurations, normalize.configId);
  const variants = canonical('variants', study.variants, normalize.variant);
  const [reference] = study.reference ? canonical('reference', [study.reference], normalize.configId) : [];
  if (problems.length) throw new Error(`study: ${problems.join('; ')}`);
  return {
    ...study,
    configurations: [...new Set(configurations)],
    variants: [...new Set([ORIGINAL_VARIANT, ...variants])],
    ...(reference ? { reference } : {}),
  };
}
