import { seededRandom } from './seeded-random';

/** `n` normal samples (Box–Muller over the seeded generator): the same series for the same seed. */
export function normalSamples(n: number, mean: number, sd: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}
