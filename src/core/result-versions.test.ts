import { describe, expect, it } from 'vitest';
import { describeIssues } from './describe-issues';
import { RESULT_SCHEMA_VERSION } from './result-schema';
import { validRunResult } from './result-schema.test-fixture';
import {
  OLDER_RESULT_SCHEMA_VERSIONS,
  parseAnyVersion,
  PREVIOUS_RESULT_SCHEMA_VERSION,
} from './result-versions';

describe('parseAnyVersion', () => {
  it('accepts the current version as it is', () => {
    const run = validRunResult();
    expect(parseAnyVersion(run)).toEqual({ success: true, data: run });
  });

  it('upgrades a record of an older version to the current one, filling the parts it lacks', () => {
    const run = validRunResult();
    for (const schemaVersion of OLDER_RESULT_SCHEMA_VERSIONS) {
      // What an older app sends: none of the current version's additions.
      const { recommendation: _, ...older } = { ...run, schemaVersion };
      const configs = run.configs.map(({ options: __, ...config }) => config);
      const parsed = parseAnyVersion({ ...older, configs });
      expect(parsed).toEqual({ success: true, data: { ...run, schemaVersion: RESULT_SCHEMA_VERSION } });
    }
  });

  it('names schemaVersion for any other version, and the field for an invalid previous-version record', () => {
    for (const schemaVersion of [0, RESULT_SCHEMA_VERSION + 1, '2', undefined]) {
      const parsed = parseAnyVersion({ ...validRunResult(), schemaVersion });
      expect(parsed.success ? '' : describeIssues(parsed.error)).toMatch(/^schemaVersion: /);
    }
    const parsed = parseAnyVersion({
      ...validRunResult(),
      schemaVersion: PREVIOUS_RESULT_SCHEMA_VERSION,
      runId: 'x',
    });
    expect(parsed.success ? '' : describeIssues(parsed.error)).toMatch(/^runId: /);
  });
});
