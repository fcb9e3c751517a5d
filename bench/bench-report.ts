import { ms } from '../src/core/report/format';
import type { LatencySummary } from '../src/core/stats/summary';
import { medianP50, overheadTarget, type OverheadEstimate } from './harness-overhead';
import type { NodeLatency } from './ort-node-latency';
import { renderTable } from './text-table';

/** Three decimals: the target (1.02) sits in the second. */
const fixed3 = (value: number | null) => (value === null ? '—' : value.toFixed(3));

/** Lab p50 vs bare-loop p50 per configuration over the repeats, the ratio beside its target, then why rows are empty. */
export function labVsBareTable(estimates: OverheadEstimate[]): string {
  const { point, upper } = overheadTarget;
  const header = [
    'configuration',
    'model',
    'runs',
    'lab p50 ms',
    'bare p50 ms',
    'each repeat',
    'lab/bare',
    '95 % CI',
    'target',
    'met',
    'p (MWU)',
  ];
  const body = estimates.map((e) => {
    const [first] = e.rows;
    const met =
      e.ratio === null || e.high === null ? '—' : e.ratio <= point && e.high <= upper ? 'yes' : 'NO';
    return [
      e.configId,
      e.modelId,
      `1+${first.warmupRuns}+${first.timedRuns}`,
      ms(medianP50(e, 'lab') ?? undefined),
      ms(medianP50(e, 'bare') ?? undefined),
      e.repeats.map((r) => fixed3(r.ratio)).join(' '),
      fixed3(e.ratio),
      e.low === null || e.high === null ? '—' : `${fixed3(e.low)}–${fixed3(e.high)}`,
      `≤ ${point}, ≤ ${upper}`,
      met,
      e.rows.map((r) => (r.pValue === null ? '—' : r.pValue.toPrecision(2))).join(' '),
    ];
  });
  const notes = estimates.flatMap((e) =>
    [...new Set(e.rows.flatMap((r) => r.notes))].map(
      (n) => `  ${e.configId}: ${n.replace(/\s+/g, ' ').slice(0, 400)}`,
    ),
  );
  return [
    'Lab vs bare loop: steady-state p50 in ms, measured inside the worker (create input → run → read back).',
    "runs = cold + warm-up cap (both sides stop once steady, by the lab's rule) + timed; each side in a browser of its own,",
    'after a discarded bare loop and a wait for the browser to go idle; passes alternate which side goes first; same input bytes.',
    'lab/bare and its 95 % CI (seeded bootstrap of the p50 ratio) are the medians over the repeats; p (MWU) per repeat:',
    'large means the gap is within the run-to-run noise.',
    '',
    renderTable(header, body),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** The browser configuration set against native, as measured over the bench's repeats. */
export interface BrowserBest {
  configId: string;
  modelId: string;
  labP50Ms: number;
  bareP50Ms: number | null;
  warmupRuns: number;
  timedRuns: number;
  inputSha256: string | null;
}

/** The fastest agreeing browser configuration on one ONNX model against native onnxruntime-node (CPU). */
export function nodeTable(
  best: BrowserBest,
  node: NodeLatency & { summary: LatencySummary; inputName: string; inputSha256: string },
): string {
  const input =
    best.inputSha256 === node.inputSha256
      ? 'same input bytes as the lab'
      : 'INPUT BYTES DIFFER from the lab’s';
  const toNode = (p50: number | null) => (p50 === null ? '—' : fixed3(p50 / node.summary.p50Ms));
  const header = ['side', 'p50 ms', 'p50 / node p50'];
  const body = [
    [`browser: ${best.configId}, lab`, ms(best.labP50Ms), toNode(best.labP50Ms)],
    [`browser: ${best.configId}, bare loop`, ms(best.bareP50Ms ?? undefined), toNode(best.bareP50Ms)],
    [`onnxruntime-node ${node.version} cpu ×${node.threads}`, ms(node.summary.p50Ms), '1.000'],
  ];
  return [
    `Browser vs native: ${best.modelId} on ${node.inputName} (${input}), runs 1+${best.warmupRuns}+${best.timedRuns} on both (the browser's warm-up stops once steady);`,
    `browser = the fastest configuration (median lab p50) whose top-1 labels agree with the reference; node's cold run took ${ms(node.firstMs)} ms.`,
    '',
    renderTable(header, body),
  ].join('\n');
}
