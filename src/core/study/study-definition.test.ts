import { describe, expect, it } from 'vitest';
import { parseStudyDefinition, type StudyNormalizers } from './study-definition';
import { studyPreset, studyPresets } from './study-presets';

/** Stand-ins for the lab's parsers: lower-case canonical forms; `bogus…` is refused. */
const normalize: StudyNormalizers = {
  configId: (text) => {
    if (text.startsWith('bogus')) throw new Error(`unknown configuration "${text}"`);
    return text.replace(/\s/g, '');
  },
  variant: (text) => {
    if (text.startsWith('bogus')) throw new Error(`unknown variant "${text}" (accepted: original, fp16)`);
    return text.toLowerCase();
  },
};

describe('parseStudyDefinition', () => {
  it('reads every preset', () => {
    for (const preset of studyPresets)
      expect(() => parseStudyDefinition(preset.study, normalize)).not.toThrow();
  });

  it('puts original first, writes configurations and variants canonically once each', () => {
    const study = parseStudyDefinition(
      {
        name: 'x',
        model: 'nsfw-mobilenet-v2',
        configurations: ['ort-wasm[threads=1]', 'ort-wasm[ threads=1]', 'ort-wasm[threads=2]'],
        variants: ['FP16', 'fp16'],
        budgetMinutes: 5,
      },
      normalize,
    );
    expect(study.configurations).toEqual(['ort-wasm[threads=1]', 'ort-wasm[threads=2]']);
    expect(study.variants).toEqual(['original', 'fp16']);
    expect(study).toMatchObject({ warmupRuns: 5, timedRuns: 10, images: {} });
  });

  it('names every bad field', () => {
    const base = studyPreset('options-x-variants').study;
    expect(() => parseStudyDefinition({ ...base, budgetMinutes: -1, configurations: [] }, normalize)).toThrow(
      /budgetMinutes: .*configurations: name at least one configuration|configurations: name at least one configuration.*budgetMinutes/,
    );
    expect(() =>
      parseStudyDefinition(
        { ...base, configurations: ['ort-wasm', 'bogus-x'], variants: ['bogus'] },
        normalize,
      ),
    ).toThrow(
      'study: configurations.1: unknown configuration "bogus-x"; variants.0: unknown variant "bogus"',
    );
    expect(() => parseStudyDefinition({ ...base, colour: 'red' }, normalize)).toThrow(/colour/);
  });

  it('says which presets there are', () => {
    expect(() => studyPreset('nope')).toThrow(
      'unknown study preset "nope" (presets: options-x-variants, everything)',
    );
  });
});
