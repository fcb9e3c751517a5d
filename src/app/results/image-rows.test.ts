import { describe, expect, it } from 'vitest';
import { validRunResult } from '../../core/result-schema.test-fixture';
import { filterRows, flipGroups, imageRows } from './image-rows';
import { fixtureWnids, manyImagesRun } from './many-images.test-fixture';

describe('imageRows', () => {
  const run = manyImagesRun(100);
  const rows = imageRows(run, fixtureWnids);

  it('keeps one row per decoded image, agreeing or not', () => {
    expect(rows).toHaveLength(100);
    expect(imageRows(validRunResult(), null)).toHaveLength(1);
  });

  it('names each configuration’s issues: flip, drift over the tolerance, wrong against ground truth', () => {
    expect([...rows[0].issues.get('tfjs-webgl')!].sort()).toEqual(['drift', 'flip', 'wrong']);
    expect([...rows[5].issues.get('tfjs-webgl')!]).toEqual(['drift']);
    expect(rows[1].issues.size).toBe(0);
    expect(rows[0].truthIndex).toBe(0);
  });

  it('has no ground truth without the labels’ wnids', () => {
    expect(imageRows(run, null)[0].issues.get('tfjs-webgl')!.has('wrong')).toBe(false);
  });

  it('filters by kind and by configuration', () => {
    expect(filterRows(rows, { configId: '', issue: 'all' })).toHaveLength(100);
    expect(filterRows(rows, { configId: '', issue: 'flip' })).toHaveLength(10);
    expect(filterRows(rows, { configId: '', issue: 'drift' })).toHaveLength(20);
    expect(filterRows(rows, { configId: '', issue: 'any' })).toHaveLength(20);
    expect(filterRows(rows, { configId: 'ort-webgpu', issue: 'any' })).toHaveLength(0);
    expect(filterRows(rows, { configId: 'tfjs-webgl', issue: 'wrong' })).toHaveLength(10);
  });
});

describe('flipGroups', () => {
  it('groups flips by label pair, most frequent first', () => {
    const groups = flipGroups(manyImagesRun(1000));
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(100);
    expect(groups[0]).toMatchObject({ count: 34, configIds: ['tfjs-webgl'] });
    expect(groups.find((g) => g.from === 'tench')).toMatchObject({ to: 'goldfish', count: 34 });
  });

  it('is empty when every configuration agrees', () => {
    expect(flipGroups(validRunResult())).toEqual([]);
  });
});
