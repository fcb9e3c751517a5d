import { describe, expect, it } from 'vitest';
import { validRunResult } from '../../core/result-schema.test-fixture';
import { manyImagesRun } from '../results/many-images.test-fixture';
import { runImagesToCsv } from './run-files';

describe('runImagesToCsv', () => {
  it('writes one row per image × configuration', () => {
    const lines = runImagesToCsv(manyImagesRun(10)).trim().split('\n');
    expect(lines).toHaveLength(1 + 10 * 3);
    expect(lines[1]).toBe(
      '6f1c2a9e-2b7d-4c1e-9a55-0d3f6b8e1c42,mobilenetv2-int8,n01440764_0000.JPEG,n01440764,ort-wasm,ok,0,tench,0.9,' +
        'tench|goldfish|great white shark|tiger shark|hammerhead,true,1,0,0,0,5,',
    );
  });

  it('quotes what a spreadsheet would split, and leaves unknowns empty', () => {
    const run = validRunResult();
    run.images[0].outcomes[1].reason = 'load: "context", lost';
    const skipped = runImagesToCsv(run).trim().split('\n')[2];
    expect(skipped).toContain(',tfjs-webgl,skipped,,,,,,,,,0,,"load: ""context"", lost"');
  });
});
