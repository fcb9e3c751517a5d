import { ms } from '../src/core/report/format';
import type { LatencySummary } from '../src/core/stats/summary';
import type { LabVsBare } from './lab-vs-bare';
import type { NodeLatency } from './ort-node-latency';
import { renderTable } from './text-table';

/** Three decimals: the target (1.02) sits in the second. */
function ratio(a: LatencySummary | null, b: LatencySummary | null): number | null {
  return a && b && b.p50Ms > 0 ? a.p50Ms / b.p50Ms : null;
}

const fixed3 = (value: number | null) => (value === null ? '—' : value.toFixed(3));

/** Part 1: per configuration, lab p50 vs bare-loop p50, the ratio and its target, then why rows are empty. */
export function labVsBareTable(rows: LabVsBare[], settings: { warmupRuns: number; timedRuns: number; target: number }): string {
  const header = ['configuration', 'model', 'lab p50 ms', 'bare p50 ms', 'lab/bare', 'target', 'within', 'p (MWU)', 'lab p95', 'bare p95'];
  const body = rows.map((r) => {
    const value = ratio(r.lab, r.bare);
    return [
      r.configId,
      r.modelId,
      ms(r.lab?.p50Ms),
      ms(r.bare?.p50Ms),
      fixed3(value),
      `≤ ${settings.target.toFixed(2)}`,
      value === null ? '—' : value <= settings.target ? 'yes' : 'no',
      r.pValue === null ? '—' : r.pValue.toPrecision(2),
      ms(r.lab?.p95Ms),
      ms(r.bare?.p95Ms),
    ];
  });
  const notes = rows.flatMap((r) => r.notes.map((n) => `  ${r.configId}: ${n.replace(/\s+/g, ' ').slice(0, 400)}`));
  return [
    `Lab vs bare loop — steady-state p50 of ${settings.timedRuns} timed runs after 1 cold + ${settings.warmupRuns} warm-up, ` +
      'measured in the worker (create input → run → read back); lab and bare back to back in one tab, same input bytes',
    '',
    renderTable(header, body),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** Part 2: the fastest browser configuration on the ONNX model against native onnxruntime-node (CPU). */
export function nodeTable(
  onnxRows: LabVsBare[],
  node: NodeLatency & { summary: LatencySummary; inputName: string; inputSha256: string },
): string {
  const best = [...onnxRows].sort((a, b) => a.lab!.p50Ms - b.lab!.p50Ms)[0];
  if (!best) return 'Browser vs onnxruntime-node: no browser configuration ran the ONNX model, nothing to compare';
  const sameInput = best.inputSha256 === node.inputSha256 ? 'same input bytes as the lab' : 'INPUT BYTES DIFFER from the lab’s';
  const header = ['side', 'p50 ms', 'p95 ms', 'vs node p50'];
  const body = [
    [`browser best: ${best.configId} (lab)`, ms(best.lab!.p50Ms), ms(best.lab!.p95Ms), fixed3(ratio(best.lab, node.summary))],
    [`browser best: ${best.configId} (bare loop)`, ms(best.bare?.p50Ms), ms(best.bare?.p95Ms), fixed3(ratio(best.bare, node.summary))],
    [`onnxruntime-node ${node.version} cpu ×${node.threads}`, ms(node.summary.p50Ms), ms(node.summary.p95Ms), '1.000'],
  ];
  return [
    `Browser vs native — ${best.modelId} on ${node.inputName} (${sameInput}), ` +
      `ratio browser-best-p50 / node-p50 (cold run in node: ${ms(node.firstMs)} ms)`,
    '',
    renderTable(header, body),
  ].join('\n');
}
