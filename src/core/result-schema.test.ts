import { describe, expect, it } from 'vitest';
import { describeIssues } from './describe-issues';
import { RESULT_SCHEMA_VERSION, runResultSchema, type RunResult } from './result-schema';

const hex64 = (digit: string) => digit.repeat(64);

/** A complete, valid record: two configurations, one ok image and one that could not be decoded. */
function validRunResult(): RunResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: '3b241101-e2bb-4255-8caf-4136c566a962',
    startedAt: '2025-01-02T03:04:05.678Z',
    finishedAt: '2025-01-02T03:05:00Z',
    crosscheckVersion: '0.1.0',
    model: {
      id: 'mobilenetv2-int8',
      name: 'MobileNetV2 1.0 int8 (ONNX Model Zoo)',
      format: 'onnx',
      sha256: hex64('a'),
      outputKind: 'logits',
      classes: 1000,
    },
    imageSet: { name: 'imagenet-samples', count: 2, sha256: hex64('b') },
    settings: { referenceConfigId: 'ort-wasm', warmupRuns: 3, timedRuns: 20, timeoutMs: 30_000 },
    environment: {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/130.0.0.0',
      browser: { name: 'chromium', version: '130.0.0.0' },
      platform: 'Linux x86_64',
      hardwareConcurrency: 16,
      deviceMemoryGiB: 8,
      crossOriginIsolated: true,
      gpuAdapter: null,
      webglRenderer: 'ANGLE (Google, SwiftShader)',
    },
    configs: [
      {
        configId: 'ort-wasm',
        status: 'ok',
        reason: null,
        runtime: {
          library: 'onnxruntime-web',
          libraryVersion: '1.30.0',
          requestedBackend: 'wasm',
          activeBackend: 'wasm',
          fellBack: false,
          fallbackDetail: null,
          threads: 4,
          simd: true,
          flags: { graphOptimizationLevel: 'all', numThreads: 4, proxy: false, extra: null },
          gpuAdapter: null,
          webglRenderer: null,
        },
        fetchMs: 12.5,
        compileMs: 80,
        firstInferMs: 30,
        warmupRuns: 3,
        warm: { n: 3, minMs: 10, meanMs: 11, p50Ms: 11, p95Ms: 11.9, p99Ms: 11.98, maxMs: 12, stdDevMs: 1 },
        warmSamplesMs: [10, 11, 12],
        memory: {
          tensorsAfterLoad: null,
          tensorsAfterRun: null,
          bytesAfterLoad: null,
          bytesAfterRun: null,
          leakedTensors: null,
          jsHeapBytes: 1_000_000,
        },
        agreement: {
          images: 1,
          top1AgreementRate: 1,
          meanTop5Overlap: 1,
          meanKendallTau: 1,
          meanRankBiasedOverlap: 1,
          maxAbsDiff: 0,
          meanAbsDiff: 0,
          minCosineSimilarity: 1,
          meanKlDivergence: 0,
        },
        accuracy: { labelled: 1, top1: 1, top5: 1 },
        latencyVsReference: null,
      },
      {
        configId: 'tfjs-webgl',
        status: 'failed',
        reason: 'tfjs-webgl: load: WebGL context lost',
        runtime: null,
        fetchMs: null,
        compileMs: null,
        firstInferMs: null,
        warmupRuns: 3,
        warm: null,
        warmSamplesMs: [],
        memory: null,
        agreement: null,
        accuracy: null,
        latencyVsReference: null,
      },
    ],
    images: [
      {
        name: 'n01440764_tench.JPEG',
        fileSha256: hex64('c'),
        inputSha256: hex64('d'),
        width: 500,
        height: 375,
        groundTruth: 'n01440764',
        decodeError: null,
        outcomes: [
          {
            configId: 'ort-wasm',
            status: 'ok',
            reason: null,
            top5: [
              { index: 0, label: 'tench', score: 12.5 },
              { index: 391, label: 'coho', score: 9 },
              { index: 1, label: 'goldfish', score: null },
            ],
            top1AgreesWithReference: true,
            top5Overlap: 1,
            kendallTau: 1,
            rankBiasedOverlap: 1,
            maxAbsDiff: 0,
            meanAbsDiff: 0,
            cosineSimilarity: 1,
            klDivergence: 0,
            nonFiniteCount: 0,
            inferMs: 11,
          },
          {
            configId: 'tfjs-webgl',
            status: 'skipped',
            reason: 'tfjs-webgl: load: WebGL context lost',
            top5: [],
            top1AgreesWithReference: null,
            top5Overlap: null,
            kendallTau: null,
            rankBiasedOverlap: null,
            maxAbsDiff: null,
            meanAbsDiff: null,
            cosineSimilarity: null,
            klDivergence: null,
            nonFiniteCount: 0,
            inferMs: null,
          },
        ],
      },
      {
        name: 'broken.jpg',
        fileSha256: hex64('e'),
        inputSha256: null,
        width: null,
        height: null,
        groundTruth: null,
        decodeError: 'broken.jpg: not a JPEG or PNG',
        outcomes: [],
      },
    ],
    findings: [
      {
        kind: 'failed',
        configId: 'tfjs-webgl',
        image: null,
        message: 'tfjs-webgl: load: WebGL context lost',
      },
      { kind: 'decode-error', configId: null, image: 'broken.jpg', message: 'broken.jpg: not a JPEG or PNG' },
    ],
  };
}

/** A loosely typed copy to break: the schema, not the compiler, must catch what follows. */
type Loose = Record<string, any>;
const looseCopy = (): Loose => structuredClone(validRunResult()) as Loose;

describe('runResultSchema', () => {
  it('accepts a complete record, also after a JSON round trip', () => {
    const record = validRunResult();
    expect(runResultSchema.safeParse(record).error?.issues ?? []).toEqual([]);
    expect(runResultSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  const cases: { what: string; path: string; breakIt: (r: Loose) => void }[] = [
    { what: 'a missing runId', path: 'runId', breakIt: (r) => delete r.runId },
    { what: 'a runId that is not a uuid', path: 'runId', breakIt: (r) => (r.runId = 'run-1') },
    { what: 'schemaVersion 2', path: 'schemaVersion', breakIt: (r) => (r.schemaVersion = 2) },
    {
      what: 'a label containing <script>',
      path: 'images.0.outcomes.0.top5.0.label',
      breakIt: (r) => (r.images[0].outcomes[0].top5[0].label = '<script>alert(1)</script>'),
    },
    {
      what: 'a model sha256 of the wrong length',
      path: 'model.sha256',
      breakIt: (r) => (r.model.sha256 = 'abc123'),
    },
    {
      what: 'an upper-case file sha256',
      path: 'images.0.fileSha256',
      breakIt: (r) => (r.images[0].fileSha256 = hex64('A')),
    },
    { what: 'a negative image count', path: 'imageSet.count', breakIt: (r) => (r.imageSet.count = -1) },
    { what: 'timedRuns 0', path: 'settings.timedRuns', breakIt: (r) => (r.settings.timedRuns = 0) },
    { what: 'no configurations', path: 'configs', breakIt: (r) => (r.configs = []) },
    { what: 'an unknown status', path: 'configs.1.status', breakIt: (r) => (r.configs[1].status = 'broken') },
    {
      what: 'a configId without a dash',
      path: 'configs.0.configId',
      breakIt: (r) => (r.configs[0].configId = 'ortwasm'),
    },
    {
      what: 'a configId in capitals',
      path: 'settings.referenceConfigId',
      breakIt: (r) => (r.settings.referenceConfigId = 'ORT-Wasm'),
    },
    {
      what: 'a startedAt that is not an ISO datetime',
      path: 'startedAt',
      breakIt: (r) => (r.startedAt = 'yesterday'),
    },
    {
      what: 'warmSamplesMs of strings',
      path: 'configs.0.warmSamplesMs.0',
      breakIt: (r) => (r.configs[0].warmSamplesMs = ['10', '11']),
    },
    {
      what: 'an unknown finding kind',
      path: 'findings.0.kind',
      breakIt: (r) => (r.findings[0].kind = 'warning'),
    },
    {
      what: 'a ground truth that is not a wnid',
      path: 'images.0.groundTruth',
      breakIt: (r) => (r.images[0].groundTruth = 'tench'),
    },
    {
      what: 'more than five ranked labels',
      path: 'images.0.outcomes.0.top5',
      breakIt: (r) => r.images[0].outcomes[0].top5.push(...Array(3).fill({ index: 2, label: 'x', score: 0 })),
    },
    {
      what: 'a NaN drift value (it must be null)',
      path: 'images.0.outcomes.0.maxAbsDiff',
      breakIt: (r) => (r.images[0].outcomes[0].maxAbsDiff = NaN),
    },
    {
      what: 'a user agent over 512 characters',
      path: 'environment.userAgent',
      breakIt: (r) => (r.environment.userAgent = 'x'.repeat(513)),
    },
    { what: 'a missing environment', path: 'environment', breakIt: (r) => delete r.environment },
  ];

  it.each(cases)('rejects $what, naming $path', ({ path, breakIt }) => {
    const record = looseCopy();
    breakIt(record);
    const parsed = runResultSchema.safeParse(record);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(describeIssues(parsed.error)).toContain(`${path}: `);
  });

  it('names several bad fields in one message', () => {
    const record = looseCopy();
    record.runId = 'nope';
    record.settings.timedRuns = 0;
    const parsed = runResultSchema.safeParse(record);
    expect(parsed.success).toBe(false);
    const text = parsed.success ? '' : describeIssues(parsed.error);
    expect(text).toMatch(/^runId: .+; settings\.timedRuns: .+$/);
  });

  it('describes a record that is not an object at all as (root)', () => {
    const parsed = runResultSchema.safeParse('not a record');
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeIssues(parsed.error)).toMatch(/^\(root\): /);
  });
});
