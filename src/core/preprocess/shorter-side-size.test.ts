import { describe, expect, it } from 'vitest';
import { shorterSideSize } from './shorter-side-size';

describe('shorterSideSize', () => {
  it('scales the shorter side to the target and rounds the other', () => {
    expect(shorterSideSize(375, 500, 256)).toEqual([256, 341]); // 341.33
    expect(shorterSideSize(500, 333, 256)).toEqual([384, 256]); // 384.38
    expect(shorterSideSize(300, 300, 224)).toEqual([224, 224]);
  });

  it('rounds halves up', () => {
    expect(shorterSideSize(4, 5, 2)).toEqual([2, 3]); // 2.5
    expect(shorterSideSize(4, 7, 2)).toEqual([2, 4]); // 3.5
  });

  it('never returns 0', () => {
    expect(shorterSideSize(1000, 1, 1)).toEqual([1000, 1]);
    expect(shorterSideSize(1, 1000, 1)).toEqual([1, 1000]);
    expect(shorterSideSize(2, 1000, 1)[1]).toBe(500);
  });
});
