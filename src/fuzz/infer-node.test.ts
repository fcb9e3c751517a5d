import { describe, expect, it } from 'vitest';
import { windowOutput } from './infer-node';

describe('windowOutput', () => {
  it('sizes a sliding window as ORT does, floor or ceil', () => {
    expect(windowOutput(13, 3, 3, 1, 0, 0, false)).toBe(4);
    expect(windowOutput(13, 3, 3, 1, 0, 0, true)).toBe(5);
    expect(windowOutput(7, 3, 1, 2, 1, 1, false)).toBe(5);
    expect(windowOutput(2, 3, 1, 1, 0, 0, false)).toBe(0);
  });

  it('refuses a ceil-mode size whose last window starts in the padding (ONNX says 6, ORT computes 5)', () => {
    // The 200-graph run found ORT refusing such graphs at session creation ("Can't merge shape info").
    expect(windowOutput(13, 3, 3, 1, 2, 2, true)).toBeNull();
  });
});
