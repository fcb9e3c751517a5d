import { describe, expect, it } from 'vitest';
import { crossModelView, runtimeFamily } from './cross-model';
import type { ClassLabels } from './labels';
import type { RunResult } from './result-schema';
import { hex64, validRunResult } from './result-schema.test-fixture';

// Two classes whose names repeat in ImageNet: the crane bird and the crane machine.
const bird = 'n02012849';
const machine = 'n03126707';
const tench = 'n01440764';
const files = { tench: hex64('1'), bird: hex64('2'), machine: hex64('3') };

/** One model's run on one configuration: `answers` maps a file to the output index it put first. */
function run(
  modelId: string,
  configId: string,
  answers: [keyof typeof files, number][],
  options: { imageSet?: string; startedAt?: string; status?: 'ok' | 'failed' } = {},
): RunResult {
  const base = validRunResult();
  const truth = { tench, bird, machine };
  return {
    ...base,
    runId: crypto.randomUUID(),
    startedAt: options.startedAt ?? base.startedAt,
    model: { ...base.model, id: modelId, name: modelId },
    imageSet: { ...base.imageSet, sha256: options.imageSet ?? hex64('f') },
    settings: { ...base.settings, referenceConfigId: configId },
    configs: [{ ...base.configs[0], configId, status: options.status ?? 'ok' }],
    images: answers.map(([file, index]) => ({
      ...base.images[0],
      name: `${truth[file]}_${file}.JPEG`,
      fileSha256: files[file],
      groundTruth: truth[file],
      outcomes: [{ ...base.images[0].outcomes[0], configId, top5: [{ index, label: 'crane', score: 1 }] }],
    })),
  };
}

// Model A orders classes tench, bird, machine; model B has a background class first and the cranes swapped.
const labels: Record<string, ClassLabels> = {
  a: { names: ['tench', 'crane', 'crane'], wnids: [tench, bird, machine] },
  b: { names: ['background', 'tench', 'crane', 'crane'], wnids: ['', tench, machine, bird] },
};
const labelsOf = (id: string) => labels[id] ?? null;

describe('crossModelView', () => {
  it('names the runtime family of a configuration', () => {
    expect(runtimeFamily('litert-webgpu')).toBe('litert');
    expect(runtimeFamily('tfjs-wasm')).toBe('tfjs');
  });

  it('scores each model against ground truth by wnid and counts top-1 agreement across models', () => {
    const view = crossModelView(
      [
        run('a', 'tfjs-wasm', [
          ['tench', 0],
          ['bird', 1],
          ['machine', 1],
        ]),
        // Index 3 is the bird for B, index 2 the machine: a name ("crane") would call both right.
        run('b', 'litert-wasm', [
          ['tench', 1],
          ['bird', 3],
          ['machine', 0],
        ]),
      ],
      labelsOf,
    );
    expect(view.sameImageSet).toBe(true);
    expect(view.commonImages).toBe(3);
    expect(view.notes).toEqual([]);
    expect(view.lines.map((l) => [l.key, l.configId, l.accuracy?.top1])).toEqual([
      ['a · tfjs', 'tfjs-wasm', 2 / 3],
      ['b · litert', 'litert-wasm', 2 / 3],
    ]);
    // Both say tench and the bird; on the machine A says bird and B says background.
    expect(view.agreement).toEqual([{ a: 'a · tfjs', b: 'b · litert', images: 3, agreeing: 2, rate: 2 / 3 }]);
  });

  it('covers only the images every line classified, and says when the runs saw different image sets', () => {
    const view = crossModelView(
      [
        run(
          'a',
          'tfjs-wasm',
          [
            ['tench', 0],
            ['bird', 1],
          ],
          { imageSet: hex64('8') },
        ),
        run(
          'b',
          'ort-wasm',
          [
            ['bird', 3],
            ['machine', 2],
          ],
          { imageSet: hex64('9') },
        ),
      ],
      labelsOf,
    );
    expect(view.sameImageSet).toBe(false);
    expect(view.commonImages).toBe(1);
    expect(view.notes[0]).toMatch(/did not see the same images \(2 image sets\).*the 1 images/);
    expect(view.lines.map((l) => l.accuracy)).toEqual([
      { labelled: 1, top1: 1, top5: 1 },
      { labelled: 1, top1: 1, top5: 1 },
    ]);
    expect(view.agreement[0]).toMatchObject({ images: 1, agreeing: 1 });
  });

  it('keeps the latest run per model and family, skips configurations that did not run, and says which labels lack wnids', () => {
    const view = crossModelView(
      [
        run('a', 'tfjs-wasm', [['tench', 1]], { startedAt: '2025-01-01T00:00:00Z' }),
        run('a', 'tfjs-wasm', [['tench', 0]], { startedAt: '2025-02-01T00:00:00Z' }),
        run('b', 'ort-wasm', [['tench', 1]], { status: 'failed' }),
        run('c', 'ort-wasm', [['tench', 0]]),
      ],
      labelsOf,
    );
    expect(view.lines.map((l) => [l.key, l.accuracy?.top1 ?? null])).toEqual([
      ['a · tfjs', 1],
      ['c · ort', null],
    ]);
    expect(view.agreement).toEqual([]);
    expect(view.notes).toEqual([
      'c: its labels carry no ImageNet wnids, so it has no accuracy or agreement here.',
    ]);
  });
});
