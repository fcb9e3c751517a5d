import { describe, expect, it } from 'vitest';
import { checkDeclaredOutput } from './output-kind';

const declared = (output: 'probabilities' | 'logits', count = 3) => ({ output, labels: { count } });

describe('checkDeclaredOutput', () => {
  it('accepts probabilities that sum to 1 and logits of any sign', () => {
    expect(checkDeclaredOutput([0.2, 0.3, 0.5], declared('probabilities'))).toBeNull();
    expect(checkDeclaredOutput([11.6, -3, 2], declared('logits'))).toBeNull();
  });

  it('catches logits declared as probabilities (darknet-tiny top-5 scores around 11.6)', () => {
    expect(checkDeclaredOutput([11.6, 9.2, 7], declared('probabilities'))).toBe(
      'output is declared "probabilities" but sums to 27.80, not 1: these look like logits, so declare output "logits"',
    );
    expect(checkDeclaredOutput([0.9, -0.2, 0.3], declared('probabilities'))).toMatch(
      /negative values \(min -0\.200\)/,
    );
  });

  it('catches a label count that does not match the output', () => {
    expect(checkDeclaredOutput(new Float32Array(1000), declared('logits', 21842))).toBe(
      'the model outputs 1000 values but declares 21842 classes (labels.count); give it a label list of 1000',
    );
  });
});
