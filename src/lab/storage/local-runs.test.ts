import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalRunsDb } from './local-runs';
import { validRunResult } from '../../core/result-schema.test-fixture';

describe('LocalRunsDb', () => {
  it('keeps a validated run with its listing fields, and refuses an invalid record', async () => {
    const db = new LocalRunsDb(`test-${Math.random()}`);
    const record = validRunResult();
    const saved = await db.save(record);
    expect(saved.sync).toBe('local');
    const back = await db.runs.get(record.runId);
    expect(back?.modelId).toBe(record.model.id);
    expect(back?.record).toEqual(record);
    await expect(db.save({ ...record, runId: 'not-a-uuid' })).rejects.toThrow();
    expect(await db.runs.count()).toBe(1);
  });
});
