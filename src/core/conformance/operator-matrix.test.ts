import { describe, expect, it } from 'vitest';
import type { CaseResult, CaseStatus } from './conformance-schema';
import { entriesOf, operatorMatrix } from './operator-matrix';

const result = (op: string, configId: string, status: CaseStatus): CaseResult => ({
  caseId: `test_${op.toLowerCase()}`,
  op,
  configId,
  status,
  maxAbsError: null,
  detail: null,
  ms: 1,
});

describe('operatorMatrix', () => {
  it("sums the fleet's counts per column", () => {
    const counts = (pass: number, wrong: number) => ({
      pass,
      wrong,
      'fell-back': 0,
      unsupported: 0,
      crashed: 0,
      timeout: 0,
    });
    const rows = operatorMatrix([
      { op: 'Tan', column: 'phone · ort-webgl', counts: counts(1, 1) },
      { op: 'Tan', column: 'phone · ort-webgl', counts: counts(2, 0) },
    ]);
    expect(rows).toEqual([{ op: 'Tan', cells: { 'phone · ort-webgl': counts(3, 1) }, failing: true }]);
  });

  it('counts each operator per configuration, failing operators first', () => {
    const rows = operatorMatrix(
      entriesOf([
        result('Add', 'ort-wasm', 'pass'),
        result('Add', 'ort-webgpu', 'pass'),
        result('Cast', 'ort-wasm', 'pass'),
        result('Cast', 'ort-webgpu', 'wrong'),
        result('Cast', 'ort-webgpu', 'pass'),
      ]),
    );
    expect(rows.map((r) => [r.op, r.failing])).toEqual([
      ['Cast', true],
      ['Add', false],
    ]);
    expect(rows[0].cells['ort-webgpu']).toMatchObject({ pass: 1, wrong: 1, timeout: 0 });
    expect(Object.keys(rows[1].cells)).toEqual(['ort-wasm', 'ort-webgpu']);
  });
});
