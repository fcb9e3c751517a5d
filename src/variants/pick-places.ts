/** The places a mutant changes: one, drawn from the seeded source, or every one in graph order. */
export function pickPlaces<T>(candidates: readonly T[], nodes: 'one' | 'all', random: () => number): T[] {
  if (nodes === 'all') return [...candidates];
  return [candidates[Math.floor(random() * candidates.length)]];
}
