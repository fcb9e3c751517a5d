import { describe, expect, it } from 'vitest';
import { describeIssues } from './describe-issues';
import { RESULT_SCHEMA_VERSION, runResultSchema, type RunResult } from './result-schema';
import { hex64, validRunResult } from './result-schema.test-fixture';

/** Sets the value at a dotted path of a record (undefined removes it), to break the record on purpose. */
function setAt(record: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce((node, key) => (node as Record<string, unknown>)[key], record);
  const last = keys[keys.length - 1];
  if (value === undefined) delete (parent as Record<string, unknown>)[last];
  else (parent as Record<string, unknown>)[last] = value;
}

describe('runResultSchema', () => {
  it('accepts a complete record, also after a JSON round trip', () => {
    const record = validRunResult();
    expect(runResultSchema.safeParse(record).error?.issues ?? []).toEqual([]);
    expect(runResultSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('reads a record made before steady state and intervals were measured, filling them with null', () => {
    const older = validRunResult();
    for (const [i] of older.configs.entries()) {
      for (const field of ['steadyState', 'p50IntervalMs', 'bimodal'])
        setAt(older, `configs.${i}.${field}`, undefined);
    }
    setAt(older, 'configs.1.latencyVsReference', { ratioP50: 1.5, u: 3, pValue: 0.2, effectSize: 0.3 });
    const parsed = runResultSchema.parse(older);
    expect(parsed.configs.map((c) => [c.steadyState, c.p50IntervalMs, c.bimodal])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(parsed.configs[1].latencyVsReference?.ratioP50Interval).toBeNull();
  });

  const cases: { what: string; path: string; breakIt: (r: RunResult) => void }[] = [
    { what: 'a missing runId', path: 'runId', breakIt: (r) => setAt(r, 'runId', undefined) },
    { what: 'a runId that is not a uuid', path: 'runId', breakIt: (r) => setAt(r, 'runId', 'run-1') },
    {
      what: 'another schemaVersion',
      path: 'schemaVersion',
      breakIt: (r) => setAt(r, 'schemaVersion', RESULT_SCHEMA_VERSION + 1),
    },
    {
      what: 'a label containing <script>',
      path: 'images.0.outcomes.0.top5.0.label',
      breakIt: (r) => setAt(r, 'images.0.outcomes.0.top5.0.label', '<script>alert(1)</script>'),
    },
    {
      what: 'a model sha256 of the wrong length',
      path: 'model.sha256',
      breakIt: (r) => setAt(r, 'model.sha256', 'abc123'),
    },
    {
      what: 'an upper-case file sha256',
      path: 'images.0.fileSha256',
      breakIt: (r) => setAt(r, 'images.0.fileSha256', hex64('A')),
    },
    {
      what: 'a negative image count',
      path: 'imageSet.count',
      breakIt: (r) => setAt(r, 'imageSet.count', -1),
    },
    { what: 'timedRuns 0', path: 'settings.timedRuns', breakIt: (r) => setAt(r, 'settings.timedRuns', 0) },
    { what: 'no configurations', path: 'configs', breakIt: (r) => setAt(r, 'configs', []) },
    {
      what: 'an unknown status',
      path: 'configs.1.status',
      breakIt: (r) => setAt(r, 'configs.1.status', 'broken'),
    },
    {
      what: 'a configId without a dash',
      path: 'configs.0.configId',
      breakIt: (r) => setAt(r, 'configs.0.configId', 'ortwasm'),
    },
    {
      what: 'a configId in capitals',
      path: 'settings.referenceConfigId',
      breakIt: (r) => setAt(r, 'settings.referenceConfigId', 'ORT-Wasm'),
    },
    {
      what: 'a startedAt that is not an ISO datetime',
      path: 'startedAt',
      breakIt: (r) => setAt(r, 'startedAt', 'yesterday'),
    },
    {
      what: 'warmSamplesMs of strings',
      path: 'configs.0.warmSamplesMs.0',
      breakIt: (r) => setAt(r, 'configs.0.warmSamplesMs', ['10', '11']),
    },
    {
      what: 'an unknown finding kind',
      path: 'findings.0.kind',
      breakIt: (r) => setAt(r, 'findings.0.kind', 'warning'),
    },
    {
      what: 'a ground truth that is not a wnid',
      path: 'images.0.groundTruth',
      breakIt: (r) => setAt(r, 'images.0.groundTruth', 'tench'),
    },
    {
      what: 'more than five ranked labels',
      path: 'images.0.outcomes.0.top5',
      breakIt: (r) =>
        setAt(r, 'images.0.outcomes.0.top5', [
          ...r.images[0].outcomes[0].top5,
          ...Array.from({ length: 3 }, () => ({ index: 2, label: 'x', score: 0 })),
        ]),
    },
    {
      what: 'a NaN drift value (it must be null)',
      path: 'images.0.outcomes.0.maxAbsDiff',
      breakIt: (r) => setAt(r, 'images.0.outcomes.0.maxAbsDiff', NaN),
    },
    {
      what: 'a user agent over 512 characters',
      path: 'environment.userAgent',
      breakIt: (r) => setAt(r, 'environment.userAgent', 'x'.repeat(513)),
    },
    {
      what: 'a missing environment',
      path: 'environment',
      breakIt: (r) => setAt(r, 'environment', undefined),
    },
    // What the database would refuse, refused by the schema instead (issue 10, fault 2).
    {
      what: 'a repeated configId',
      path: 'configs.1.configId',
      breakIt: (r) => (r.configs[1].configId = r.configs[0].configId),
    },
    { what: 'U+0000 in a string', path: 'model.name', breakIt: (r) => setAt(r, 'model.name', 'a\u0000b') },
    {
      what: 'a lone surrogate',
      path: 'environment.userAgent',
      breakIt: (r) => setAt(r, 'environment.userAgent', 'x\ud800y'),
    },
    {
      what: 'U+0000 in a runtime flag name',
      path: 'configs.0.runtime.flags.a\u0000',
      breakIt: (r) => setAt(r, 'configs.0.runtime.flags.a\u0000', 1),
    },
    {
      what: 'U+0000 in a profiled op name',
      path: 'profile.tfjs-cpu.ops.0.op',
      breakIt: (r) =>
        setAt(r, 'profile', {
          'tfjs-cpu': {
            source: 'tf.profile',
            runs: 1,
            totalMs: 1,
            opsMs: 1,
            coverage: 1,
            ops: [{ op: 'Conv\u00002D', ms: 1, count: 1 }],
            unavailable: null,
          },
        }),
    },
    {
      what: 'a lone surrogate in a recommendation reason',
      path: 'recommendation.reason',
      breakIt: (r) =>
        setAt(r, 'recommendation', {
          threshold: 0.99,
          pick: null,
          runnerUp: null,
          rejected: [],
          reason: 'x\ud800',
        }),
    },
    {
      what: 'a year-0000 date',
      path: 'startedAt',
      breakIt: (r) => setAt(r, 'startedAt', '0000-01-01T00:00:00Z'),
    },
    {
      what: 'a date past 2100',
      path: 'finishedAt',
      breakIt: (r) => setAt(r, 'finishedAt', '2100-01-01T00:00:00Z'),
    },
    // Numbers bounded to their meaning, so aggregates cannot overflow (fault 8).
    {
      what: 'a rate of 1e308',
      path: 'configs.0.agreement.top1AgreementRate',
      breakIt: (r) => setAt(r, 'configs.0.agreement.top1AgreementRate', 1e308),
    },
    {
      what: 'a negative latency',
      path: 'configs.0.warm.p50Ms',
      breakIt: (r) => setAt(r, 'configs.0.warm.p50Ms', -1),
    },
    {
      what: 'an accuracy over 1',
      path: 'configs.0.accuracy.top1',
      breakIt: (r) => setAt(r, 'configs.0.accuracy.top1', 1.5),
    },
    {
      what: 'a cosine of 2',
      path: 'images.0.outcomes.0.cosineSimilarity',
      breakIt: (r) => setAt(r, 'images.0.outcomes.0.cosineSimilarity', 2),
    },
    {
      what: 'an infinite warm sample',
      path: 'configs.0.warmSamplesMs.0',
      breakIt: (r) => setAt(r, 'configs.0.warmSamplesMs', [Infinity]),
    },
  ];

  it.each(cases)('rejects $what, naming $path', ({ path, breakIt }) => {
    const record = structuredClone(validRunResult());
    breakIt(record);
    const parsed = runResultSchema.safeParse(record);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((issue) => issue.path.join('.'))).toContain(path);
    // A bad key is named by its record, the key quoted.
    const dot = path.lastIndexOf('.');
    const badKey = path.includes('\u0000') ? [path, path.slice(0, dot), path.slice(dot + 1)] : null;
    expect(describeIssues(parsed.error)).toContain(
      badKey ? `${badKey[1]}: key ${JSON.stringify(badKey[2])} is not allowed` : `${path}: `,
    );
  });

  it('keeps a cosine a rounding error over 1, as floating point computes it', () => {
    const record = structuredClone(validRunResult());
    record.images[0].outcomes[0].cosineSimilarity = 1.0000000000000002;
    expect(runResultSchema.safeParse(record).success).toBe(true);
  });

  it('names several bad fields in one message', () => {
    const record = structuredClone(validRunResult());
    record.runId = 'nope';
    record.settings.timedRuns = 0;
    const parsed = runResultSchema.safeParse(record);
    expect(parsed.success).toBe(false);
    const text = parsed.success ? '' : describeIssues(parsed.error);
    expect(text).toMatch(/^runId: .+; settings\.timedRuns: .+$/);
  });

  it('names an option key that is not an option name by its record, the key quoted', () => {
    const record = structuredClone(validRunResult());
    record.configs[0].options = { base: 'tfjs-wasm', hash: '0123abcd', values: { ':': 1 } };
    const parsed = runResultSchema.safeParse(record);
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(describeIssues(parsed.error)).toBe(
        'configs.0.options.values: key ":" is not allowed (an option name: a letter, then letters, digits, _ or -)',
      );
  });

  it('describes a record that is not an object at all as (root)', () => {
    const parsed = runResultSchema.safeParse('not a record');
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeIssues(parsed.error)).toMatch(/^\(root\): /);
  });
});
