import type { z } from 'zod';

/** "labels.count: expected number; base: required" — names every field that failed, for people. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
