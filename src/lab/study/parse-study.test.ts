import { describe, expect, it } from 'vitest';
import { studyPresets } from '../../core/study/study-presets';
import { parseStudy } from './parse-study';

const base = { name: 'x', model: 'nsfw-mobilenet-v2', budgetMinutes: 5 };

describe('parseStudy', () => {
  it('reads every preset with the lab’s parsers', () => {
    for (const preset of studyPresets) expect(() => parseStudy(preset.study)).not.toThrow();
  });

  it('writes configurations and variants canonically', () => {
    const study = parseStudy({
      ...base,
      configurations: ['tfjs-webgl[WEBGL_PACK=false, WEBGL_FORCE_F16_TEXTURES=true]'],
      variants: ['mutant[seed=1, op=add-to-sub]', 'fp16'],
    });
    expect(study.configurations).toEqual(['tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true,WEBGL_PACK=false]']);
    expect(study.variants).toEqual(['original', 'mutant[op=add-to-sub,seed=1]', 'fp16']);
  });

  it('names the bad configuration and variant', () => {
    expect(() =>
      parseStudy({
        ...base,
        configurations: ['ort-wasm', 'tfjs-webgl[threads=2]'],
        variants: ['fp16', 'prune[sparsity=1]'],
      }),
    ).toThrow(/^study: configurations\.1: .*tfjs-webgl has no option "threads".*; variants\.1: .*sparsity/);
  });
});
