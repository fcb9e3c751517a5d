import { defaultWarmupCap, defaultWarmupMinMs } from '../../core/stats/steady-state';

/** One short explanation per column of the results tables, shown as a tooltip and in the glossary. */
export const metricHelp = {
  Configuration: 'A runtime and backend, each run in its own Web Worker.',
  Status: 'ok, or why it did not run: unsupported, failed, timeout, crashed, cancelled.',
  Verdict:
    'Against the reference: agrees (within float rounding), drifts (beyond it, same top-1), disagrees (another top-1), failed.',
  'Ran on': 'The backend that actually ran, and its threads; "fell back" when it was not the one asked for.',
  'Fetch ms': 'Time to download or read the model files.',
  'Compile ms': 'Time for the runtime to load and prepare the model (shaders, sessions).',
  'First ms': 'The cold first inference, kept apart from the warm ones.',
  'Warm-up runs':
    'Untimed runs until the times were steady, or the cap when they never were; with the default cap ' +
    `(${defaultWarmupCap}) nothing counts as steady within the first ${defaultWarmupMinMs / 1000} s of warm-up ` +
    '(the cap is extended up to 10 × itself). Timed runs off the steady level were retaken and are counted here.',
  'p50 ms (95% CI)': 'Median warm inference time, with its bootstrap 95 % interval.',
  'p95 ms': '95th percentile of the warm inference times.',
  'p99 ms': '99th percentile of the warm inference times.',
  'vs ref': 'Median time relative to the reference (0.5× is twice as fast), with its interval.',
  'Top-1 agree': 'Share of images whose top label matches the reference’s.',
  'Top-5 overlap': 'Mean share of the reference’s top 5 labels also in this top 5.',
  'Max |Δ|': 'Largest absolute difference from the reference’s output, over all outputs and images.',
  'Mean |Δ|': 'Mean absolute difference from the reference’s output.',
  'Min cosine': 'Lowest cosine similarity between this output vector and the reference’s (1 is identical).',
  KL: 'Mean KL divergence of the output distribution from the reference’s (0 is identical).',
  'Mean KL': 'Mean KL divergence of the output distribution from the reference’s (0 is identical).',
  'Top-1 acc': 'Share of labelled images (ImageNet file names) whose top label is the true class.',
  'Top-5 acc': 'Share of labelled images whose true class is in the top 5.',
  Labelled: 'Images whose file name carries their ImageNet class.',
  'Leaked tensors': 'TF.js tensors left allocated after inference (0 is clean).',
  'Worker memory':
    "The configuration worker's memory (JavaScript heap and array buffers, threads included) as the browser measures it after the images ran, before dispose (measureUserAgentSpecificMemory; needs cross-origin isolation). Hover for the breakdown; 'timed-out' when the browser did not measure in time.",
  'vs native':
    'Top-1 agreement with the native reference run in Node on the same input bytes, and max |Δ| on the top 5 (`npm run lab -- --native`).',
} as const;

export type MetricName = keyof typeof metricHelp;

/** The id of a column's glossary entry, for aria-describedby. */
export const helpId = (name: MetricName) => `help-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
