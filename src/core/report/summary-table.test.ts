import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type ConfigResult, type Finding, type RunResult } from '../result-schema';
import { ms, percent, ratio, sci } from './format';
import { summaryTable } from './summary-table';

function config(
  configId: string,
  status: ConfigResult['status'],
  extra: Partial<ConfigResult> = {},
): ConfigResult {
  return {
    configId,
    options: null,
    status,
    reason: null,
    runtime: null,
    fetchMs: null,
    compileMs: null,
    firstInferMs: null,
    warmupRuns: 2,
    steadyState: null,
    warm: null,
    p50IntervalMs: null,
    bimodal: null,
    warmSamplesMs: [],
    memory: null,
    agreement: null,
    accuracy: null,
    latencyVsReference: null,
    ...extra,
  };
}

const warm = (p50Ms: number) => ({
  n: 5,
  minMs: 1,
  meanMs: p50Ms,
  p50Ms,
  p95Ms: 40,
  p99Ms: 41,
  maxMs: 42,
  stdDevMs: 1,
});

const runtime = (activeBackend: string, threads: number | null, fellBack: boolean) => ({
  library: 'x',
  libraryVersion: '1',
  requestedBackend: activeBackend,
  activeBackend,
  fellBack,
  fallbackDetail: null,
  threads,
  simd: null,
  flags: {},
  gpuAdapter: null,
  webglRenderer: null,
});

const finding = (kind: Finding['kind'], configId: string | null, image: string | null): Finding => ({
  kind,
  configId,
  image,
  message: `${kind} message`,
});

function result(findings: Finding[]): RunResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status: 'complete',
    runId: '3b241101-e2bb-4255-8caf-4136c566a962',
    startedAt: '2025-01-02T03:04:05Z',
    finishedAt: '2025-01-02T03:05:05Z',
    crosscheckVersion: '0.1.0',
    model: {
      id: 'mobilenetv2-int8',
      name: 'MobileNetV2',
      format: 'onnx',
      sha256: '0123456789ab'.padEnd(64, 'f'),
      outputKind: 'logits',
      classes: 1000,
    },
    imageSet: { name: 'imagenet-samples', count: 3, sha256: 'abcdef012345'.padEnd(64, '0') },
    settings: {
      referenceConfigId: 'tfjs-cpu',
      warmupRuns: 2,
      warmupMinMs: 0,
      timedRuns: 5,
      timeoutMs: 30_000,
    },
    environment: {
      userAgent: 'Mozilla/5.0',
      browser: { name: 'chromium', version: '130.0' },
      platform: null,
      hardwareConcurrency: 8,
      deviceMemoryGiB: null,
      crossOriginIsolated: true,
      gpuAdapter: null,
      webglRenderer: null,
    },
    configs: [
      config('tfjs-cpu', 'ok', {
        runtime: runtime('cpu', null, false),
        fetchMs: 10,
        compileMs: 2.5,
        warm: warm(4.321),
        agreement: {
          images: 3,
          top1AgreementRate: 1,
          meanTop5Overlap: 1,
          meanKendallTau: 1,
          meanRankBiasedOverlap: 1,
          maxAbsDiff: 0,
          meanAbsDiff: 0,
          minCosineSimilarity: 1,
          meanKlDivergence: 0,
        },
        accuracy: { labelled: 2, top1: 0.5, top5: 1 },
      }),
      config('ort-wasm', 'ok', {
        runtime: runtime('wasm', 4, true),
        warm: warm(23.456),
        warmupRuns: 14,
        steadyState: true,
        p50IntervalMs: { low: 21.04, high: 25.5 },
        bimodal: false,
        latencyVsReference: {
          ratioP50: 5.4283,
          ratioP50Interval: { low: 4.9, high: 6.012 },
          u: 25,
          pValue: 0.012345,
          effectSize: 1,
        },
        agreement: {
          images: 3,
          top1AgreementRate: 2 / 3,
          meanTop5Overlap: 0.8,
          meanKendallTau: 0.9,
          meanRankBiasedOverlap: 0.9,
          maxAbsDiff: 0.00012345,
          meanAbsDiff: 0.00001,
          minCosineSimilarity: 0.99,
          meanKlDivergence: 0.0000456,
        },
        memory: {
          tensorsAfterLoad: 10,
          tensorsAfterRun: 13,
          bytesAfterLoad: null,
          bytesAfterRun: null,
          leakedTensors: 3,
          jsHeapBytes: null,
          userAgent: {
            status: 'measured',
            reason: null,
            totalBytes: 4 * 2 ** 20,
            workerBytes: 3 * 2 ** 20,
            breakdown: [{ source: 'DedicatedWorkerGlobalScope JavaScript', bytes: 3 * 2 ** 20 }],
          },
        },
      }),
      config('tfjs-webgl', 'failed', { reason: 'tfjs-webgl: load: WebGL context lost' }),
      config('tfjs-webgpu', 'unsupported', { reason: 'WebGPU is not available in this browser' }),
    ],
    images: [],
    findings,
    recommendation: null,
  };
}

/** The table's row for a configuration, split into its cells (cells are at least two spaces apart). */
function row(table: string, configId: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`${configId} `));
  if (!line) throw new Error(`no row for ${configId}`);
  return line.split(/ {2,}/);
}

describe('summaryTable', () => {
  const findings = [
    finding('top1-flip', 'ort-wasm', 'n01443537_goldfish.JPEG'),
    finding('failed', 'tfjs-webgl', null),
    finding('top1-flip', 'ort-wasm', 'n01440764_tench.JPEG'),
    finding('non-finite', 'ort-wasm', 'gradient-224.png'),
  ];
  const table = summaryTable(result(findings));
  const lines = table.split('\n');

  it('opens with the model, the image set, the settings and the environment', () => {
    expect(lines[0]).toBe('Crosscheck 0.1.0 — MobileNetV2 (mobilenetv2-int8, sha256 0123456789ab…)');
    expect(lines[1]).toBe(
      '3 images from imagenet-samples (set sha256 abcdef012345…); reference tfjs-cpu; up to 2 warm-up (until steady) + 5 timed runs',
    );
    expect(lines[2]).toBe('chromium 130.0; 8 cores; cross-origin isolated: true; GPU: none; WebGL: none');
  });

  it('has one row per configuration, in order, with its status and p50', () => {
    const header = lines.find((l) => l.startsWith('config '))?.split(/ {2,}/) ?? [];
    const p50 = header.indexOf('p50 ms');
    expect(header.slice(0, 3)).toEqual(['config', 'status', 'ran on']);
    expect(p50).toBe(5);
    const configIds = ['tfjs-cpu', 'ort-wasm', 'tfjs-webgl', 'tfjs-webgpu'];
    expect(
      lines.filter((l) => configIds.some((id) => l.startsWith(`${id} `))).map((l) => l.split(' ')[0]),
    ).toEqual(configIds);
    // 4.321 < 10 → two decimals; 23.456 ≥ 10 → one decimal.
    expect(row(table, 'tfjs-cpu').slice(0, 6)).toEqual(['tfjs-cpu', 'ok', 'cpu', '12.5', '—', '4.32']);
    expect(row(table, 'ort-wasm')[p50]).toBe('23.5');
    expect(row(table, 'tfjs-webgl').slice(0, 6)).toEqual(['tfjs-webgl', 'failed', '—', '—', '—', '—']);
    expect(row(table, 'tfjs-webgpu')[1]).toBe('unsupported');
    // Every row has all 22 columns.
    for (const id of configIds) expect(row(table, id)).toHaveLength(header.length);
    expect(header).toHaveLength(22);
  });

  it('formats the comparison columns', () => {
    const header = lines.find((l) => l.startsWith('config '))?.split(/ {2,}/) ?? [];
    const cells = Object.fromEntries(header.map((name, i) => [name, row(table, 'ort-wasm')[i]]));
    expect(cells).toMatchObject({
      'ran on': 'wasm×4 (fell back)',
      'p50 95% CI': '21.0–25.5',
      'warm-up': '14 steady',
      bimodal: 'no',
      'vs ref': '5.43×',
      'vs ref 95% CI': '4.90×–6.01×',
      'p-value': '0.012',
      'top1 agree': '66.7%',
      'top5 ovl': '80.0%',
      'max |Δ|': '1.23e-4',
      KL: '4.56e-5',
      'acc@1': '—',
      leaked: '3',
      'worker mem': '3.0 MiB',
    });
    const reference = Object.fromEntries(header.map((name, i) => [name, row(table, 'tfjs-cpu')[i]]));
    expect(reference).toMatchObject({
      'max |Δ|': '0',
      KL: '0',
      'acc@1': '50.0%',
      'acc@5': '100.0%',
      leaked: '—',
      'worker mem': '—',
    });
  });

  it('lists the reasons of configurations that are not ok', () => {
    const start = lines.indexOf('Not ok:');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 3)).toEqual([
      '  tfjs-webgl: tfjs-webgl: load: WebGL context lost',
      '  tfjs-webgpu: WebGPU is not available in this browser',
    ]);
  });

  it('counts findings by kind, in order of first appearance, and lists them', () => {
    expect(lines).toContain('Findings: 2 top1-flip, 1 failed, 1 non-finite');
    expect(lines).toContain('  top1-flip ort-wasm n01443537_goldfish.JPEG: top1-flip message');
    expect(lines).toContain('  failed tfjs-webgl : failed message');
  });

  it('says none when there are no findings and no reasons', () => {
    const clean = result([]);
    clean.configs = clean.configs.slice(0, 2);
    const text = summaryTable(clean);
    expect(text).not.toContain('Not ok:');
    expect(text.split('\n').at(-1)).toBe('Findings: none');
  });

  it('adds a vs-native column and the native references when --native ran', () => {
    const run = result([]);
    run.native = {
      references: [
        {
          id: 'node-tfjs-cpu',
          runtime: 'TF.js 4.22.0 in Node, cpu backend',
          status: 'ok',
          reason: null,
          images: 3,
        },
        {
          id: 'node-ort-cpu',
          runtime: 'onnxruntime-node',
          status: 'failed',
          reason: 'no model.onnx',
          images: 0,
        },
      ],
      primaryId: 'node-tfjs-cpu',
      driftMaxAbsDiff: null,
      driftBetween: [],
      perConfiguration: { 'ort-wasm': { images: 3, top1Agreement: 2 / 3, maxAbsDiffTop5: 1.5e-6 } },
    };
    const text = summaryTable(run);
    const header =
      text
        .split('\n')
        .find((l) => l.startsWith('config '))
        ?.split(/ {2,}/) ?? [];
    expect(header.at(-1)).toBe('vs native');
    expect(row(text, 'ort-wasm').at(-1)).toBe('66.7% 1.50e-6');
    expect(row(text, 'tfjs-cpu').at(-1)).toBe('—');
    expect(text).toContain('  node-ort-cpu: onnxruntime-node; failed: no model.onnx');
    expect(text).toContain('  native drift: not measured (fewer than two references ran)');
  });

  it('lists at most 20 findings and says how many more are in the JSON report', () => {
    const many = Array.from({ length: 23 }, (_, i) => finding('non-finite', 'ort-wasm', `img-${i}.png`));
    const text = summaryTable(result(many)).split('\n');
    expect(text).toContain('Findings: 23 non-finite');
    expect(text.filter((l) => l.startsWith('  non-finite '))).toHaveLength(20);
    expect(text.at(-1)).toBe('  … 3 more in the JSON report');
  });
});

describe('format', () => {
  it('prints milliseconds with two decimals below 10 and one above', () => {
    expect(ms(4.321)).toBe('4.32');
    expect(ms(10)).toBe('10.0');
    expect(ms(123.44)).toBe('123.4');
    expect(ms(0)).toBe('0.00');
  });

  it('prints percentages, scientific values and ratios', () => {
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(0)).toBe('0.0%');
    expect(sci(0)).toBe('0');
    expect(sci(0.00012345)).toBe('1.23e-4');
    expect(sci(1234)).toBe('1.23e+3');
    expect(ratio(0.5)).toBe('0.50×');
  });

  it('prints a dash for a missing value', () => {
    for (const format of [ms, percent, sci, ratio]) {
      expect(format(null)).toBe('—');
      expect(format(undefined)).toBe('—');
    }
  });
});
