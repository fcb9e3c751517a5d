import type { z } from 'zod';

/** `configs.0.runtime.flags["a: b"]`: plain names dotted, any other key quoted (it may hold even ": "). */
function fieldPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((key) =>
      typeof key === 'string' && !/^[\w$-]+$/.test(key) ? `[${JSON.stringify(key)}]` : `.${String(key)}`,
    )
    .join('')
    .replace(/^\./, '');
  return text || '(root)';
}

/**
 * "labels.count: expected number; base: required" — names every field that failed, for people. A
 * record's bad key is named by the record's path, the key quoted.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code !== 'invalid_key') return `${fieldPath(issue.path)}: ${issue.message}`;
      const key = JSON.stringify(String(issue.path.at(-1)));
      const why = issue.issues.map((inner) => inner.message).join(', ');
      return `${fieldPath(issue.path.slice(0, -1))}: key ${key} is not allowed (${why})`;
    })
    .join('; ');
}
