import type { ModelFiles } from '../../adapters/runtime-adapter';
import { layoutNote } from '../../convert/layers/convert-layers-model';
import type { ModelFormat, ModelManifestInput, PreprocessSpecInput } from '../../core/model-manifest';

/** What the conversion of a user's TF.js layers model gave: the ONNX bytes, or why there are none. */
export type UserConversion = { onnx: ArrayBuffer } | { error: string };

/**
 * A model the person loaded themselves (files, a dropped folder or a URL): its bytes and the few manifest
 * fields a zoo manifest would hold. No URL: the workers get the bytes.
 */
export interface UserModel {
  name: string;
  format: ModelFormat;
  files: ModelFiles;
  inputName?: string;
  preprocess: PreprocessSpecInput;
  output: 'probabilities' | 'logits';
  /** Class names in output order; without them the results show class indices. */
  labels: string[];
  classes: number;
  /** Done in the page when the model was loaded; done at run time when absent (headless). */
  conversion?: UserConversion;
}

/** The entry of the converted sibling a user's TF.js layers model gets (bytes only, never fetched). */
export const convertedEntry = 'model.onnx';

/** The manifest the lab runs a user model under, with the same `converted` contract as the zoo's. */
export function userManifest(model: UserModel): ModelManifestInput {
  const id =
    model.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model';
  const base = `user:${model.name}/`;
  return {
    id: `user-${id}`,
    name: model.name,
    format: model.format,
    base,
    entry: model.files.entry,
    inputName: model.inputName,
    preprocess: model.preprocess,
    output: model.output,
    converted:
      model.format === 'tfjs-layers' ? { base, entry: convertedEntry, layout: layoutNote } : undefined,
    labels: {
      kind: 'inline',
      names: model.labels.length ? model.labels : Array.from({ length: model.classes }, (_, i) => String(i)),
      count: model.classes,
    },
    licence: 'loaded by the user',
    source: `loaded in the browser: ${Object.keys(model.files.files).join(', ')}`,
  };
}
