import type { Tolerance } from '../core/tolerance/per-operator';

/** How far one output is from an expected one, under a bundle's tolerance. */
export interface OutputComparison {
  /** Largest |actual − expected| (dequantized); Infinity where one side is NaN or the lengths differ. */
  maxAbs: number;
  /** Elements beyond the tolerance. */
  beyond: number;
  agrees: boolean;
}

/**
 * Compares one output with an expected one as localization does (compare-nodes.ts): float elements by
 * `agree` (the per-operator rule, floatsAgree), quantized ones by at most `tolerance.steps` steps.
 * Self-contained on purpose: a bundle's repro.html and repro-node.mjs embed its source text (and
 * floatsAgree's), so the page, the Node script and the lab give one verdict.
 */
export function compareOutput(
  expected: ArrayLike<number | bigint>,
  actual: ArrayLike<number | bigint>,
  tolerance: Tolerance & { steps: number },
  quantization: { scale: number; zeroPoint: number } | null,
  agree: (actual: number, expected: number, tolerance: Tolerance) => boolean,
): OutputComparison {
  if (expected.length !== actual.length) return { maxAbs: Infinity, beyond: expected.length, agrees: false };
  const { scale, zeroPoint } = quantization ?? { scale: 1, zeroPoint: 0 };
  let maxAbs = 0;
  let beyond = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = (Number(expected[i]) - zeroPoint) * scale;
    const b = (Number(actual[i]) - zeroPoint) * scale;
    const d = Math.abs(a - b);
    maxAbs = Math.max(maxAbs, Number.isNaN(d) ? Infinity : d);
    const off = quantization ? !(Math.round(d / scale) <= tolerance.steps) : !agree(b, a, tolerance);
    if (off) beyond++;
  }
  return { maxAbs, beyond, agrees: beyond === 0 };
}
