import { ms } from '../src/core/report/format';
import type { LatencySummary } from '../src/core/stats/summary';
import type { LabVsBare } from './lab-vs-bare';
import type { NodeLatency } from './ort-node-latency';
import { renderTable } from './text-table';

function ratio(a: LatencySummary | null | undefined, b: LatencySummary | null | undefined): number | null {
  return a && b && b.p50Ms > 0 ? a.p50Ms / b.p50Ms : null;
}

/** Three decimals: the target (1.02) sits in the second. */
const fixed3 = (value: number | null) => (value === null ? '—' : value.toFixed(3));

/** Part 1: per configuration, lab p50 vs bare-loop p50, the ratio beside its target, then why rows are empty. */
export function labVsBareTable(rows: LabVsBare[], target: number): string {
  const header = [
    'configuration',
    'model',
    'runs',
    'lab p50 ms',
    'bare p50 ms',
    'lab/bare',
    'target',
    'within',
    'p (MWU)',
    'lab p95',
    'bare p95',
  ];
  const body = rows.map((r) => {
    const value = ratio(r.lab, r.bare);
    return [
      r.configId,
      r.modelId,
      `1+${r.warmupRuns}+${r.timedRuns}`,
      ms(r.lab?.p50Ms),
      ms(r.bare?.p50Ms),
      fixed3(value),
      `≤ ${target.toFixed(2)}`,
      value === null ? '—' : value <= target ? 'yes' : 'no',
      r.pValue === null ? '—' : r.pValue.toPrecision(2),
      ms(r.lab?.p95Ms),
      ms(r.bare?.p95Ms),
    ];
  });
  const notes = rows.flatMap((r) =>
    r.notes.map((n) => `  ${r.configId}: ${n.replace(/\s+/g, ' ').slice(0, 400)}`),
  );
  return [
    'Lab vs bare loop: steady-state p50 in ms, measured inside the worker (create input → run → read back).',
    'runs = cold + warm-up + timed, the same on both sides; lab then bare loop, back to back in one tab, same input bytes.',
    'p (MWU) = Mann–Whitney two-sided p of lab vs bare samples: large means the gap is within the run-to-run noise',
    '(a change of machine load between the two blocks is not noise to it: check the load line above).',
    '',
    renderTable(header, body),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** Part 2: the fastest browser configuration on the ONNX model against native onnxruntime-node (CPU). */
export function nodeTable(
  best: LabVsBare,
  node: NodeLatency & { summary: LatencySummary; inputName: string; inputSha256: string },
): string {
  const input =
    best.inputSha256 === node.inputSha256
      ? 'same input bytes as the lab'
      : 'INPUT BYTES DIFFER from the lab’s';
  const header = ['side', 'p50 ms', 'p95 ms', 'p50 / node p50'];
  const body = [
    [
      `browser best: ${best.configId}, lab`,
      ms(best.lab?.p50Ms),
      ms(best.lab?.p95Ms),
      fixed3(ratio(best.lab, node.summary)),
    ],
    [
      `browser best: ${best.configId}, bare loop`,
      ms(best.bare?.p50Ms),
      ms(best.bare?.p95Ms),
      fixed3(ratio(best.bare, node.summary)),
    ],
    [
      `onnxruntime-node ${node.version} cpu ×${node.threads}`,
      ms(node.summary.p50Ms),
      ms(node.summary.p95Ms),
      '1.000',
    ],
  ];
  return [
    `Browser vs native: ${best.modelId} on ${node.inputName} (${input}), runs 1+${best.warmupRuns}+${best.timedRuns} on both;`,
    `best = lowest lab p50 among the ORT configurations; node's cold run took ${ms(node.firstMs)} ms.`,
    '',
    renderTable(header, body),
  ].join('\n');
}
