import { readTensorProto } from '../../convert/onnx/read-tensor';
import {
  caseIndexSchema,
  type CaseIndex,
  type CaseTensor,
  type ConformanceCase,
} from '../../core/conformance/case-index';
import { describeIssues } from '../../core/describe-issues';
import type { NamedTensor } from '../../core/tensor';

/** The folder prepare-assets fills from Debian's libonnx-testdata. */
export const casesUrl = (assetBaseUrl: string) => `${assetBaseUrl}generated/conformance/`;

export async function fetchCaseIndex(assetBaseUrl: string): Promise<CaseIndex> {
  const url = `${casesUrl(assetBaseUrl)}index.json`;
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `${url}: ${response.status}; the conformance cases are extracted at install time from Debian's libonnx-testdata (apt-get install libonnx-testdata, then npm run prepare-assets)`,
    );
  }
  const parsed = caseIndexSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`${url}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The cases to run: those of the named operators (any case, as ONNX spells them), then the first `limit`. */
export function chooseCases(
  index: CaseIndex,
  ops: readonly string[] | undefined,
  limit: number | undefined,
): ConformanceCase[] {
  const wanted = ops?.length ? new Set(ops.map((op) => op.toLowerCase())) : null;
  if (wanted) {
    const known = new Set(index.cases.map((c) => c.op.toLowerCase()));
    const unknown = ops!.filter((op) => !known.has(op.toLowerCase()));
    if (unknown.length) throw new Error(`--ops: no conformance case for ${unknown.join(', ')}`);
  }
  const chosen = index.cases.filter((c) => !wanted || wanted.has(c.op.toLowerCase()));
  return limit === undefined ? chosen : chosen.slice(0, limit);
}

/**
 * A case's .pb files, fetched once and decoded afresh for each configuration: inputs are transferred
 * to the worker, so no two configurations may share their buffers.
 */
export class CaseData {
  readonly #bytes = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly assetBaseUrl: string) {}

  async tensors(testCase: ConformanceCase, which: 'inputs' | 'outputs'): Promise<NamedTensor[]> {
    return Promise.all(testCase[which].map((t) => this.#read(testCase.id, t)));
  }

  async #read(caseId: string, info: CaseTensor): Promise<NamedTensor> {
    const url = `${casesUrl(this.assetBaseUrl)}${caseId}/${info.file}`;
    let bytes = this.#bytes.get(url);
    if (!bytes) {
      bytes = fetch(url).then(async (r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return new Uint8Array(await r.arrayBuffer());
      });
      this.#bytes.set(url, bytes);
    }
    const read = readTensorProto(await bytes, `${caseId}/${info.file}`);
    // The index lists only cases whose tensors the contract carries.
    if ('skip' in read) throw new Error(read.skip);
    return { ...read.tensor, name: info.name };
  }
}
