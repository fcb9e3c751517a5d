/** Shapes the store's JSON API answers with, shared by the server and the pages that read it. */

/** One cell of the device × configuration matrix. */
export interface FleetCell {
  /** Each cell holds one model's runs: two models' latencies and agreements mean different things. */
  modelId: string;
  device: string;
  browser: string;
  configId: string;
  runs: number;
  okRuns: number;
  /** Mean over runs of the top-1 agreement with the reference; null when no run measured it. */
  top1Agreement: number | null;
  accuracyTop1: number | null;
  /** Median over runs of each run's warm p50. */
  latencyP50Ms: number | null;
}

/** A stored run as the run list gives it. */
export interface RunSummary {
  runId: string;
  modelId: string;
  device: string;
  browser: string;
  startedAt: string;
  imageSetSha256: string;
  configIds: string[];
  /** Set once someone with the lab token retracted the run: it stays stored but leaves the fleet figures. */
  retracted: { at: string; reason: string } | null;
}
