import type { NativeReferences, RunResult } from '../result-schema';
import { interval, ms, percent, ratio, sci, userAgentMemory, vsNative, warmUp, yesNo } from './format';
import { variantLines } from './variant-table';

function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function nativeLines(native: NativeReferences): string[] {
  return [
    `Native references (vs native: top-1 agreement and max |Δ| on the top-5 against ${native.primaryId ?? 'none'}):`,
    ...native.references.map(
      (r) => `  ${r.id}: ${r.runtime}; ${r.status === 'ok' ? `${r.images} images` : `failed: ${r.reason}`}`,
    ),
    native.driftMaxAbsDiff === null
      ? '  native drift: not measured (fewer than two references ran)'
      : `  native drift: max |Δ| ${sci(native.driftMaxAbsDiff)} (${native.driftBetween.join(' vs ')}), the floor of the whole-model bound`,
  ];
}

/** The readable summary the headless runner prints and saves beside the JSON report. */
export function summaryTable(result: RunResult): string {
  const header = [
    'config',
    'status',
    'ran on',
    'load ms',
    'first ms',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'p50 95% CI',
    'warm-up',
    'bimodal',
    'vs ref',
    'vs ref 95% CI',
    'p-value',
    'top1 agree',
    'top5 ovl',
    'max |Δ|',
    'KL',
    'acc@1',
    'acc@5',
    'leaked',
    'worker mem',
  ];
  const rows = result.configs.map((c) => [
    c.configId,
    c.status,
    c.runtime
      ? `${c.runtime.activeBackend}${c.runtime.threads ? `×${c.runtime.threads}` : ''}${c.runtime.fellBack ? ' (fell back)' : ''}`
      : '—',
    ms(c.fetchMs === null || c.compileMs === null ? null : c.fetchMs + c.compileMs),
    ms(c.firstInferMs),
    ms(c.warm?.p50Ms),
    ms(c.warm?.p95Ms),
    ms(c.warm?.p99Ms),
    interval(c.p50IntervalMs, ms),
    c.status === 'unsupported' ? '—' : warmUp(c.warmupRuns, c.steadyState),
    yesNo(c.bimodal),
    ratio(c.latencyVsReference?.ratioP50),
    interval(c.latencyVsReference?.ratioP50Interval, ratio),
    c.latencyVsReference?.pValue == null ? '—' : c.latencyVsReference.pValue.toPrecision(2),
    percent(c.agreement?.top1AgreementRate),
    percent(c.agreement?.meanTop5Overlap),
    sci(c.agreement?.maxAbsDiff),
    sci(c.agreement?.meanKlDivergence),
    percent(c.accuracy?.top1),
    percent(c.accuracy?.top5),
    c.memory?.leakedTensors == null ? '—' : String(c.memory.leakedTensors),
    userAgentMemory(c.memory?.userAgent),
  ]);
  const { native } = result;
  if (native) {
    header.push('vs native');
    result.configs.forEach((c, i) => rows[i].push(vsNative(native, c.configId)));
  }
  const reasons = result.configs.filter((c) => c.reason).map((c) => `  ${c.configId}: ${c.reason}`);
  const counts = new Map<string, number>();
  for (const f of result.findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const env = result.environment;
  return [
    `Crosscheck ${result.crosscheckVersion} — ${result.model.name} (${result.model.id}, sha256 ${result.model.sha256.slice(0, 12)}…)`,
    `${result.imageSet.count} images from ${result.imageSet.name} (set sha256 ${result.imageSet.sha256.slice(0, 12)}…); ` +
      `reference ${result.settings.referenceConfigId}; up to ${result.settings.warmupRuns} warm-up (until steady) + ${result.settings.timedRuns} timed runs`,
    `${env.browser ? `${env.browser.name} ${env.browser.version}` : env.userAgent}; ${env.hardwareConcurrency ?? '?'} cores; ` +
      `cross-origin isolated: ${env.crossOriginIsolated}; GPU: ${env.gpuAdapter ? `${env.gpuAdapter.vendor} ${env.gpuAdapter.architecture}`.trim() || 'unnamed adapter' : 'none'}; WebGL: ${env.webglRenderer ?? 'none'}`,
    '',
    renderTable(header, rows),
    ...(reasons.length ? ['', 'Not ok:', ...reasons] : []),
    ...(native ? ['', ...nativeLines(native)] : []),
    ...(result.variant ? ['', ...variantLines(result, renderTable)] : []),
    '',
    `Findings: ${result.findings.length ? [...counts].map(([k, n]) => `${n} ${k}`).join(', ') : 'none'}`,
    ...result.findings
      .slice(0, 20)
      .map((f) => `  ${f.kind} ${f.configId ?? ''} ${f.image ?? ''}: ${f.message}`),
    ...(result.findings.length > 20 ? [`  … ${result.findings.length - 20} more in the JSON report`] : []),
  ].join('\n');
}
