import { seededRandom } from '../core/stats/seeded-random';

/**
 * The fuzzer's draws from the project's seeded generator (Mulberry32): integer arithmetic and one
 * division, so a seed gives the same draws in Node and in every browser.
 */
export class Draw {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.#next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** A float32 value in [-scale, scale). */
  signed(scale: number): number {
    return Math.fround((this.#next() * 2 - 1) * scale);
  }

  /** A permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[] {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm;
  }
}
