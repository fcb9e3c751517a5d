import { describe, expect, it } from 'vitest';
import { runResultSchema, type RunResult } from '../result-schema';
import { validRunResult } from '../result-schema.test-fixture';
import { summaryTable } from './summary-table';
import { variantRows } from './variant-table';

function variantRun(): RunResult {
  const run = validRunResult();
  return runResultSchema.parse({
    ...run,
    variant: {
      spec: 'fp16',
      kind: 'fp16',
      files: [
        {
          format: 'onnx',
          originalSha256: 'a'.repeat(64),
          originalBytes: 10_520_268,
          sha256: 'b'.repeat(64),
          bytes: 5_280_000,
          detail: 'float16 initializers and ops; kept in float32: none',
        },
      ],
      precision: {
        'ort-wasm': {
          ran: 'original',
          weights: 'float32',
          arithmetic: 'float32',
          note: 'the original, as the reference',
        },
        'tfjs-webgl': {
          ran: 'variant',
          weights: 'float16',
          arithmetic: 'float32',
          note: 'TF.js widens float16 weights',
        },
      },
    },
  });
}

describe('the variant × configuration table', () => {
  it('is absent for a plain run', () => {
    expect(variantRows(validRunResult())).toBeNull();
    expect(summaryTable(validRunResult())).not.toContain('Variant ');
  });

  it('gives per configuration what ran, in what precision, against the original; accuracy only where labels exist', () => {
    const run = variantRun();
    const rows = variantRows(run)!;
    expect(rows.map((r) => [r.configId, r.ran, r.weights, r.arithmetic])).toEqual([
      ['ort-wasm', 'original', 'float32', 'float32'],
      ['tfjs-webgl', 'variant', 'float16', 'float32'],
    ]);
    // ort-wasm classified one labelled image; tfjs-webgl failed, so it has no accuracy to show.
    expect(rows.map((r) => r.accuracy)).toEqual(['100.0%', '—']);
    const plain = variantRun();
    plain.configs[0].accuracy = { labelled: 0, top1: null, top5: null };
    expect(variantRows(plain)![0].accuracy).toBe('no ground truth');
    const summary = summaryTable(run);
    expect(summary).toContain(`Variant fp16 against the original on ${run.settings.referenceConfigId}:`);
    expect(summary).toContain('onnx: 10.52 MB → 5.28 MB (sha256 aaaaaaaaaaaa… → bbbbbbbbbbbb…)');
  });
});
