import { gatherModelFiles } from '../../../adapters/fetch-model-files';
import type { ModelFiles } from '../../../adapters/runtime-adapter';
import type { ModelFormat } from '../../../core/model-manifest';
import { convertUserModel } from '../../../lab/user-model/convert-user-model';
import { modelDefaults } from '../../../lab/user-model/model-defaults';
import { pickModelFiles, type NamedBytes } from '../../../lab/user-model/pick-model-files';
import type { UserConversion, UserModel } from '../../../lab/user-model/user-model';

type Triple = [number, number, number];
export type Sampling = 'default' | 'align-corners' | 'half-pixel';

/** A model the person loads into the lab, and the preprocessing form filled from what the model says. */
export class UserModelLoader {
  status = $state<'empty' | 'loading' | 'converting' | 'ready' | 'error'>('empty');
  error = $state<string | null>(null);
  name = $state('');
  format = $state<ModelFormat | null>(null);
  files = $state.raw<ModelFiles | null>(null);
  conversion = $state.raw<UserConversion | null>(null);
  inputName = $state<string | undefined>(undefined);

  height = $state<number | undefined>(undefined);
  width = $state<number | undefined>(undefined);
  resize = $state<'stretch' | 'shorter-side-crop'>('stretch');
  resizeShorterTo = $state<number | undefined>(undefined);
  sampling = $state<Sampling>('default');
  scale = $state(255);
  mean = $state<Triple>([0, 0, 0]);
  std = $state<Triple>([1, 1, 1]);
  layout = $state<'NHWC' | 'NCHW'>('NHWC');
  /** uint8: raw pixels, for a quantized TFLite model (read from the file). */
  inputDtype = $state<'float32' | 'uint8'>('float32');
  channelOrder = $state<'RGB' | 'BGR'>('RGB');
  output = $state<'probabilities' | 'logits'>('probabilities');
  classes = $state<number | undefined>(undefined);
  labels = $state<string[]>([]);
  labelsFile = $state<string | null>(null);

  /** What stops a run with this model, naming the field; null when it can run. */
  readonly problem = $derived.by((): string | null => {
    if (this.status !== 'ready') return this.error ?? 'load a model first';
    if (!this.height || !this.width) return 'input size: the model does not say it, enter height and width';
    if (
      this.resize === 'shorter-side-crop' &&
      (this.resizeShorterTo ?? 0) < Math.min(this.height, this.width)
    )
      return 'resize shorter side to: must be at least the input size';
    if (!this.classes)
      return 'classes: the model does not say how many, enter the number or choose a labels file';
    if (this.labels.length && this.labels.length !== this.classes)
      return `labels: ${this.labelsFile} has ${this.labels.length} names, the model has ${this.classes} classes`;
    if (!(this.scale > 0) || this.std.some((s) => !(s > 0))) return 'scale and std must be positive';
    if (this.inputDtype === 'uint8' && (this.mean.some((m) => m !== 0) || this.std.some((s) => s !== 1)))
      return 'mean and std: this model takes raw uint8 pixels, leave them at 0 and 1';
    return null;
  });

  /** Files from a picker or a drop: a model.json with its weight files, or one .onnx or .tflite file. */
  async loadFiles(files: File[]): Promise<void> {
    await this.#load(async () =>
      Promise.all(
        files.map(async (f) => ({ path: f.webkitRelativePath || f.name, bytes: await f.arrayBuffer() })),
      ),
    );
  }

  /** A model.json, .onnx or .tflite on this origin or a CORS-enabled one. */
  async loadUrl(url: string): Promise<void> {
    await this.#load(async () => {
      const absolute = new URL(url, globalThis.location?.href);
      const entry = absolute.pathname.split('/').pop() || 'model.json';
      const baseUrl = absolute.href.slice(
        0,
        absolute.href.length - entry.length - absolute.search.length - absolute.hash.length,
      );
      const extension = entry.toLowerCase().split('.').pop();
      const format = extension === 'onnx' || extension === 'tflite' ? extension : 'tfjs-layers';
      const model = await gatherModelFiles(format, { kind: 'url', baseUrl, entry });
      return Object.entries(model.files).map(([path, bytes]) => ({ path, bytes }));
    }, url.split(/[?#]/)[0].split('/').at(-2));
  }

  /** One class name per line, in output order. */
  async loadLabels(file: File | undefined): Promise<void> {
    this.labels = file
      ? (await file.text())
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
      : [];
    this.labelsFile = file?.name ?? null;
    if (file && !this.classes) this.classes = this.labels.length;
  }

  /** `folder` names a model.json model (its folder, or the URL's) in results; "my model" without one. */
  async #load(read: () => Promise<NamedBytes[]>, folder?: string): Promise<void> {
    this.status = 'loading';
    this.error = null;
    this.conversion = null;
    try {
      const all = await read();
      const picked = pickModelFiles(all);
      const entryPath = all.find((f) => f.path.split('/').pop() === picked.files.entry)?.path ?? '';
      const parent = entryPath.split('/').at(-2) ?? folder;
      const defaults = modelDefaults(picked.format, picked.files);
      this.#resetForm();
      this.files = picked.files;
      this.format = picked.format;
      const oneFile = picked.format === 'onnx' || picked.format === 'tflite';
      this.name = oneFile ? picked.files.entry.replace(/\.(onnx|tflite)$/i, '') : parent || 'my model';
      this.inputName = defaults.inputName;
      [this.height, this.width] = defaults.size ?? [undefined, undefined];
      this.layout = defaults.layout;
      this.inputDtype = defaults.inputDtype ?? 'float32';
      this.output = defaults.output ?? 'logits';
      this.classes = defaults.classes;
      if (picked.format === 'tfjs-layers') {
        this.status = 'converting';
        // Let the page show "converting" before the (synchronous) conversion holds the main thread.
        await new Promise((resolve) => setTimeout(resolve, 0));
        this.conversion = convertUserModel(picked.files);
      }
      this.status = 'ready';
    } catch (error) {
      this.files = null;
      this.format = null;
      this.error = (error as Error).message;
      this.status = 'error';
    }
  }

  /** A new model starts from a blank form: nothing of the previous model (labels, class count, preprocessing) carries over. */
  #resetForm(): void {
    this.labels = [];
    this.labelsFile = null;
    this.resize = 'stretch';
    this.resizeShorterTo = undefined;
    this.sampling = 'default';
    this.scale = 255;
    this.mean = [0, 0, 0];
    this.std = [1, 1, 1];
    this.channelOrder = 'RGB';
  }

  /** The model as the lab runs it; call only when `problem` is null. */
  userModel(): UserModel {
    if (this.problem || !this.files || !this.format) throw new Error(this.problem ?? 'load a model first');
    return {
      name: this.name,
      format: this.format,
      files: this.files,
      inputName: this.inputName,
      preprocess: {
        size: [this.height!, this.width!],
        resize: this.resize,
        resizeShorterTo: this.resize === 'shorter-side-crop' ? this.resizeShorterTo : undefined,
        alignCorners: this.sampling === 'align-corners',
        halfPixelCenters: this.sampling === 'half-pixel',
        scale: this.scale,
        mean: [...this.mean],
        std: [...this.std],
        layout: this.layout,
        inputDtype: this.inputDtype,
        channelOrder: this.channelOrder,
      },
      output: this.output,
      labels: [...this.labels],
      classes: this.classes!,
      conversion: this.conversion ?? undefined,
    };
  }
}
