import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { validRunResult } from '../../core/result-schema.test-fixture';
import { LocalRunsDb } from '../../lab/storage/local-runs';
import { parseRunFile, runToCsv } from './run-files';
import { filterRuns, RunHistory } from './run-history.svelte';

function variant(runId: string, modelId: string, startedAt: string) {
  const record = validRunResult();
  return { ...record, runId, startedAt, model: { ...record.model, id: modelId } };
}

describe('RunHistory', () => {
  it('lists newest first, filters by words and model, compares at most two, deletes', async () => {
    const history = new RunHistory(new LocalRunsDb(`history-${Math.random()}`));
    await history.import(
      variant('3b241101-e2bb-4255-8caf-4136c566a961', 'nsfw-mobilenet-v2', '2025-01-01T00:00:00Z'),
    );
    await history.import(
      variant('3b241101-e2bb-4255-8caf-4136c566a962', 'mobilenetv2-int8', '2025-01-03T00:00:00Z'),
    );
    await history.import(
      variant('3b241101-e2bb-4255-8caf-4136c566a963', 'nsfw-mobilenet-v2', '2025-01-02T00:00:00Z'),
    );
    expect(history.runs.map((r) => r.runId.slice(-1))).toEqual(['2', '3', '1']);

    expect(filterRuns(history.runs, { query: 'NSFW', modelId: '' }).map((r) => r.runId.slice(-1))).toEqual([
      '3',
      '1',
    ]);
    expect(filterRuns(history.runs, { query: '', modelId: 'mobilenetv2-int8' })).toHaveLength(1);
    const configId = history.runs[0].configIds[0];
    expect(filterRuns(history.runs, { query: `nsfw ${configId}`, modelId: '' })).toHaveLength(2);
    expect(filterRuns(history.runs, { query: 'nsfw no-such-config', modelId: '' })).toHaveLength(0);

    for (const run of history.runs) history.toggleCompare(run.runId);
    expect(history.compared.map((id) => id.slice(-1))).toEqual(['3', '1']);
    history.toggleCompare(history.compared[0]);
    expect(history.compared).toHaveLength(1);

    await history.remove(history.compared[0]);
    expect(history.runs).toHaveLength(2);
    expect(history.compared).toEqual([]);
  });

  it('undoes a delete, giving the run back with its sync state', async () => {
    const db = new LocalRunsDb(`history-${Math.random()}`);
    const history = new RunHistory(db);
    const record = variant(
      '3b241101-e2bb-4255-8caf-4136c566a961',
      'nsfw-mobilenet-v2',
      '2025-01-01T00:00:00Z',
    );
    const saved = await db.save(record, 'synced');
    await history.load();
    await history.remove(record.runId);
    expect(history.runs).toEqual([]);
    expect(history.deleted?.runId).toBe(record.runId);
    await history.undoRemove();
    expect(history.runs).toEqual([saved]);
    expect(history.deleted).toBeNull();
  });
});

describe('run files', () => {
  it('round-trips a run through JSON and names the bad field of an invalid one', () => {
    const record = validRunResult();
    expect(parseRunFile(JSON.stringify(record), 'a.json')).toEqual(record);
    const broken = { ...record, configs: [{ ...record.configs[0], status: 'great' }] };
    expect(() => parseRunFile(JSON.stringify(broken), 'b.json')).toThrow(/b\.json: .*configs\.0\.status/);
    expect(() => parseRunFile('{', 'c.json')).toThrow(/c\.json: not valid JSON/);
  });

  it('writes one CSV row per configuration with quoting where needed', () => {
    const record = validRunResult();
    const lines = runToCsv(record).trim().split('\n');
    expect(lines).toHaveLength(1 + record.configs.length);
    expect(lines[0].split(',')).toContain('p50Ms');
    expect(lines[1].startsWith(record.runId)).toBe(true);
  });
});
