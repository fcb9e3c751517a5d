export type { Ranked } from './top-k';
export { topK, topKOverlap } from './top-k';
export { softmax, looksLikeProbabilities } from './softmax';
export { kendallTauB, topKKendallTau, rankBiasedOverlap } from './rank-agreement';
export type { Drift } from './drift';
export { computeDrift, maxAbsDiff, meanAbsDiff, cosineSimilarity, klDivergence } from './drift';
