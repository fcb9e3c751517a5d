import { compareTensors, type Tolerance } from '../tolerance/per-operator';
import type { NamedTensor } from '../tensor';
import type { CaseStatus } from './conformance-schema';

export interface CaseVerdict {
  status: CaseStatus;
  maxAbsError: number | null;
  detail: string | null;
}

/**
 * A case that ran: its outputs against the reference. When ORT placed nodes on its CPU provider, the
 * case is "fell back" whatever the outputs say, so a pass is never credited to a GPU backend that did
 * not run the operator; the comparison is kept in the detail.
 */
export function classifyOutputs(
  actual: readonly NamedTensor[],
  expected: readonly NamedTensor[],
  tolerance: Tolerance,
  fallbackDetail: string | null,
): CaseVerdict {
  let maxAbsError: number | null = 0;
  const problems: string[] = [];
  for (const reference of expected) {
    const output = actual.find((o) => o.name === reference.name);
    if (!output) {
      problems.push(`${reference.name}: not returned`);
      maxAbsError = null;
      continue;
    }
    const comparison = compareTensors(output, reference, tolerance);
    if (!comparison.match) problems.push(comparison.detail);
    maxAbsError =
      maxAbsError === null || comparison.maxAbsError === null
        ? null
        : Math.max(maxAbsError, comparison.maxAbsError);
  }
  const outcome = problems.length ? problems.join('; ') : null;
  if (fallbackDetail) {
    const outputs = outcome ? `outputs wrong: ${outcome}` : 'outputs match';
    return { status: 'fell-back', maxAbsError, detail: `${fallbackDetail}; ${outputs}` };
  }
  return outcome
    ? { status: 'wrong', maxAbsError, detail: outcome }
    : { status: 'pass', maxAbsError, detail: null };
}

/**
 * A case that threw. The worker client's own errors say the worker hung or died; any other error is
 * the runtime refusing the model or the inference, named by the step it came from.
 */
export function classifyError(step: 'load' | 'infer', error: unknown): CaseVerdict {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const detail = `${step}: ${message}`.slice(0, 2048);
  if (name === 'WorkerTimeoutError') return { status: 'timeout', maxAbsError: null, detail };
  if (name === 'WorkerCrashError') return { status: 'crashed', maxAbsError: null, detail };
  return { status: 'unsupported', maxAbsError: null, detail };
}
