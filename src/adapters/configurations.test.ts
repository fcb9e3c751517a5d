import { describe, expect, it } from 'vitest';
import { configIdSchema } from '../core/result-schema';
import {
  configHash,
  configuration,
  configurationsFor,
  defaultReference,
  isConfigId,
  parseConfigId,
  splitConfigList,
} from './configurations';
import { findPreset, optionPresets } from './option-presets';

describe('configurations for a TFLite model', () => {
  it('are the three LiteRT ones, with litert-wasm as the reference', () => {
    expect(configurationsFor('tflite').map((c) => c.id)).toEqual([
      'litert-wasm',
      'litert-webgpu',
      'litert-webnn',
    ]);
    expect(defaultReference('tflite')).toBe('litert-wasm');
  });

  it('are not offered to ONNX or TF.js models, converted or not', () => {
    expect(configurationsFor('onnx').some((c) => c.runtime === 'litert')).toBe(false);
    expect(configurationsFor('tfjs-layers', true).some((c) => c.runtime === 'litert')).toBe(false);
  });
});

describe('configuration ids with options', () => {
  it('are written canonically: keys sorted, values one way, the same id and hash however they were written', () => {
    const a = parseConfigId('tfjs-webgl[WEBGL_PACK=false,WEBGL_FORCE_F16_TEXTURES=true]');
    const b = parseConfigId(' tfjs-webgl[ WEBGL_FORCE_F16_TEXTURES = true , WEBGL_PACK=false ] ');
    expect(a).toEqual(b);
    expect(a).toEqual({
      id: 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true,WEBGL_PACK=false]',
      base: 'tfjs-webgl',
      options: { WEBGL_FORCE_F16_TEXTURES: true, WEBGL_PACK: false },
      hash: configHash('tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true,WEBGL_PACK=false]'),
    });
    expect(a.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(parseConfigId('tfjs-wasm[threads=2]').hash).not.toBe(parseConfigId('tfjs-wasm[threads=1]').hash);
    // No options, or empty brackets, is the base configuration itself.
    expect(parseConfigId('ort-wasm[]').id).toBe('ort-wasm');
    expect(
      parseConfigId('ort-webgpu[preferredLayout=NCHW,graphCapture=true,shader-f16=false]').options,
    ).toEqual({
      preferredLayout: 'NCHW',
      graphCapture: true,
      'shader-f16': false,
    });
  });

  it('validate in the record schema, old ids and option ids alike', () => {
    for (const id of [
      'tfjs-webgl',
      'ort-webgpu-native',
      'tfjs-wasm[threads=2]',
      parseConfigId('ort-webgpu[shader-f16=true]').id,
    ])
      expect(configIdSchema.safeParse(id).success, id).toBe(true);
    expect(configIdSchema.safeParse('tfjs-wasm[threads=2').success).toBe(false);
    expect(isConfigId('tfjs-wasm[threads=2]')).toBe(true);
    // Not canonical: a caller that needs the id must parse it.
    expect(isConfigId('tfjs-webgl[WEBGL_PACK=false,WEBGL_FORCE_F16_TEXTURES=true]')).toBe(false);
  });

  it('refuse an option the backend does not know, naming it, the configuration and the options it has', () => {
    expect(() => parseConfigId('tfjs-webgl[threads=2]')).toThrow(
      'configuration "tfjs-webgl[threads=2]": tfjs-webgl has no option "threads" (its options: WEBGL_PACK, WEBGL_FORCE_F16_TEXTURES, WEBGL_CONV_IM2COL, WEBGL_RENDER_FLOAT32_ENABLED)',
    );
    expect(() => parseConfigId('tfjs-webgpu[shader-f16=true]')).toThrow(
      'tfjs-webgpu has no option "shader-f16" (it takes no options; TF.js WebGPU has no precision flag',
    );
    expect(() => parseConfigId('litert-wasm[threads=2]')).toThrow(
      'litert-wasm has no option "threads" (it takes no options)',
    );
    expect(() => parseConfigId('tfjs-wasm[threads=0]')).toThrow(
      'configuration "tfjs-wasm[threads=0]": option threads must be an integer from 1 to 16, not "0"',
    );
    expect(() => parseConfigId('ort-wasm[graphOptimizationLevel=max]')).toThrow(
      'option graphOptimizationLevel must be one of disabled, basic, extended, layout, all, not "max"',
    );
    expect(() => parseConfigId('tfjs-webgl[WEBGL_PACK=yes]')).toThrow('must be true or false, not "yes"');
    expect(() => parseConfigId('tfjs-wasm[threads=1,threads=2]')).toThrow('option threads is given twice');
    expect(() => parseConfigId('tfjs-wasm[threads]')).toThrow('"threads" is not key=value');
    expect(() => parseConfigId('tfjs-wasm[threads=2')).toThrow('write it as base or base[key=value,…]');
    expect(() => parseConfigId('ort-cuda[threads=2]')).toThrow(
      'unknown configuration "ort-cuda" (known: tfjs-cpu,',
    );
    expect(() => parseConfigId('tfjs-wasm[toString=1]')).toThrow('tfjs-wasm has no option "toString"');
  });

  it('are split from a written list at the commas between configurations only', () => {
    expect(
      splitConfigList(
        'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true,WEBGL_PACK=false], tfjs-wasm[threads=2],ort-wasm[threads=1],tfjs-cpu',
      ),
    ).toEqual([
      'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true,WEBGL_PACK=false]',
      'tfjs-wasm[threads=2]',
      'ort-wasm[threads=1]',
      'tfjs-cpu',
    ]);
  });

  it('label a configuration with its options', () => {
    expect(configuration('tfjs-wasm[threads=2]')).toMatchObject({
      runtime: 'tfjs',
      backend: 'wasm',
      label: 'TF.js wasm[threads=2]',
    });
  });
});

describe('option presets', () => {
  it('each state a purpose and name only canonical configurations with known options', () => {
    for (const preset of optionPresets) {
      expect(preset.purpose.length, preset.name).toBeGreaterThan(20);
      for (const id of preset.configIds) expect(isConfigId(id), `${preset.name}: ${id}`).toBe(true);
    }
    expect(optionPresets.map((p) => p.name)).toEqual(['mobile GPU precision', 'threads sweep']);
  });

  it('are found by id for --preset, and an unknown id is refused listing the ones there are', () => {
    expect(findPreset('threads-sweep').configIds).toContain('ort-wasm[threads=2]');
    expect(() => findPreset('threads')).toThrow(
      '--preset threads: no such preset; there are mobile-gpu-precision, threads-sweep',
    );
  });
});
