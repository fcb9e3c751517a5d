export interface Ranked {
  index: number;
  score: number;
}

// Descending by score; NaN after every number (a broken backend must never look like a confident
// prediction); equal scores keep the lower index first so results are deterministic across runtimes.
function compareRanked(a: Ranked, b: Ranked): number {
  const aNaN = Number.isNaN(a.score);
  const bNaN = Number.isNaN(b.score);
  if (aNaN !== bNaN) return aNaN ? 1 : -1;
  if (!aNaN && a.score !== b.score) return a.score > b.score ? -1 : 1;
  return a.index - b.index;
}

/** The k highest scores, highest first. k is floored and clamped to [0, scores.length]. */
export function topK(scores: ArrayLike<number>, k: number): Ranked[] {
  // Math.floor keeps ±Infinity, which the clamp then handles; a NaN k asks for nothing.
  const count = Math.min(Math.max(Number.isNaN(k) ? 0 : Math.floor(k), 0), scores.length);
  if (count === 0) return [];
  const ranked = new Array<Ranked>(scores.length);
  for (let i = 0; i < scores.length; i++) ranked[i] = { index: i, score: scores[i] };
  ranked.sort(compareRanked);
  return ranked.slice(0, count);
}

/**
 * |A∩B| / max(|A|, |B|) over two index lists, read as sets (duplicates count once).
 * Two empty lists agree perfectly, so 0/0 is 1.
 */
export function topKOverlap(a: readonly number[], b: readonly number[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  const larger = Math.max(setA.size, setB.size);
  if (larger === 0) return 1;
  let shared = 0;
  for (const index of setA) if (setB.has(index)) shared++;
  return shared / larger;
}
