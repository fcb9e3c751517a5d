import { isConfigId } from '../../adapters/configurations';
import { weightPaths } from '../../adapters/fetch-model-files';
import { sha256Hex } from '../../core/preprocess/sha256';
import { floatsAgree } from '../../core/tolerance/per-operator';
import { compareOutput } from '../../repro/output-verdict';
import { openBundle, type OpenedBundle } from '../../repro/pack-bundle';
import type { ReproAnswer, ReproAnswerSide } from '../../repro/rerun-answer';
import type { ReproSide } from '../../repro/repro-manifest';
import { captureOnnx } from '../localize/localize-onnx';
import { captureTfjsBundle } from './capture-tfjs-bundle';
import { errorText } from '../run/config-lane';

export interface RerunOptions {
  assetBaseUrl: string;
  timeoutMs: number;
}

/** A TF.js bundle's model.json and the weight files it names. */
function modelFiles(manifest: OpenedBundle['manifest'], files: OpenedBundle['files']) {
  const json = files[manifest.model.file];
  const paths = weightPaths(JSON.parse(new TextDecoder().decode(json)), manifest.model.file);
  return Object.fromEntries([
    ['model.json', json],
    ...paths.map((p): [string, Uint8Array] => {
      if (!files[p]) throw new Error(`${p}: named by ${manifest.model.file} but not in the bundle`);
      return [p, files[p]];
    }),
  ]);
}

/** Runs the bundle's model on one of its two configurations in a fresh lab worker, against both recordings. */
async function rerunSide(
  bundle: OpenedBundle,
  side: ReproSide,
  options: RerunOptions,
): Promise<ReproAnswerSide> {
  const { manifest, model, files, inputs, outputs } = bundle;
  const base = { configId: side.configId };
  try {
    if (!isConfigId(side.configId)) throw new Error(`unknown configuration "${side.configId}"`);
    const names = outputs.map((o) => o.name);
    const ran =
      manifest.model.format === 'onnx'
        ? await captureOnnx(side.configId, model, inputs, names, options)
        : await captureTfjsBundle(
            side.configId,
            manifest.model.format,
            modelFiles(manifest, files),
            inputs[0],
            names,
            options,
          );
    const compare = (which: 'reference' | 'suspect') =>
      outputs.map((o) => {
        const actual = ran.outputs.get(o.name);
        if (!actual) throw new Error(`${side.configId} gave no output ${o.name}`);
        return compareOutput(o[which].data, actual.data, manifest.tolerance, o.quantization, floatsAgree);
      });
    const [vsReference, vsSuspect] = [compare('reference'), compare('suspect')];
    const largest = (cs: { maxAbs: number }[]) => {
      const n = Math.max(...cs.map((c) => c.maxAbs));
      return Number.isFinite(n) ? n : null;
    };
    return {
      ...base,
      unavailable: null,
      maxAbsVsReference: largest(vsReference),
      maxAbsVsSuspect: largest(vsSuspect),
      agreesWithReference: vsReference.every((c) => c.agrees),
    };
  } catch (error) {
    const reason = errorText(error).slice(0, 2048);
    return {
      ...base,
      unavailable: reason,
      maxAbsVsReference: null,
      maxAbsVsSuspect: null,
      agreesWithReference: null,
    };
  }
}

/**
 * "Does this device have the bug?": a repro bundle's model run on this device, on the suspect and the
 * reference configurations, each in a fresh lab worker, compared with the outputs recorded in the bundle.
 * It reproduces when the suspect leaves the recorded reference output beyond the bundle's tolerance.
 */
export async function rerunBundle(
  zip: Uint8Array,
  options: RerunOptions,
  name?: string,
): Promise<ReproAnswer> {
  const started = performance.now();
  const bundle = await openBundle(zip, name);
  const [suspect, reference] = await Promise.all(
    [bundle.manifest.suspect, bundle.manifest.reference].map((side) => rerunSide(bundle, side, options)),
  );
  return {
    bundleSha256: await sha256Hex(zip),
    reproduces: suspect.agreesWithReference === null ? null : !suspect.agreesWithReference,
    suspect,
    reference,
    elapsedMs: performance.now() - started,
  };
}
