/**
 * The page's runs in progress, for work that must wait until none is: the service worker's first install
 * downloads every precached file (about 50 MB), which would compete with a run's loading and timing.
 */
let inProgress = 0;
const waiting: (() => void)[] = [];

/** Counts `run` as in progress until it settles, however it ends. */
export async function asRun<T>(run: () => Promise<T>): Promise<T> {
  inProgress++;
  try {
    return await run();
  } finally {
    if (--inProgress === 0) for (const wake of waiting.splice(0)) wake();
  }
}

/** Resolves once no run is in progress: at once when none is. */
export function noRunInProgress(): Promise<void> {
  return inProgress === 0 ? Promise.resolve() : new Promise((wake) => waiting.push(wake));
}
