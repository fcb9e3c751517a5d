import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { extractNsfwjsModels } from './assets/extract-nsfwjs-models';
import { makeIcons } from './assets/make-icons';
import { makeSampleImages } from './assets/make-sample-images';
import { convertZooModels } from './assets/convert-zoo-models';
import { defaultSharedDir } from '../server/folder-mounts';
import { copyLiteRtWasm } from './assets/copy-litert-wasm';

/**
 * Builds public/generated/ (never committed): runtime wasm binaries copied from their npm packages,
 * the embedded nsfwjs models unpacked and converted to ONNX, the synthetic sample images and the app's
 * icons. Runs on `npm install`/`npm ci`.
 */
const require = createRequire(import.meta.url);
const outRoot = join(import.meta.dirname, '..', 'public', 'generated');

async function copyMatching(fromDir: string, toDir: string, pattern: RegExp): Promise<number> {
  await mkdir(toDir, { recursive: true });
  const names = (await readdir(fromDir)).filter((name) => pattern.test(name));
  await Promise.all(names.map((name) => copyFile(join(fromDir, name), join(toDir, name))));
  return names.length;
}

const packageDist = (entry: string) => dirname(require.resolve(entry));

await rm(outRoot, { recursive: true, force: true });
const ortFiles = await copyMatching(
  packageDist('onnxruntime-web/ort-wasm-simd-threaded.wasm'),
  join(outRoot, 'ort'),
  /^ort-wasm-simd-threaded\.(jsep\.)?(wasm|mjs)$/,
);
const tfjsWasmFiles = await copyMatching(
  join(packageDist('@tensorflow/tfjs-backend-wasm/package.json'), 'dist'),
  join(outRoot, 'tfjs-wasm'),
  /\.wasm$/,
);
const litertFiles = await copyLiteRtWasm(
  join(packageDist('@litertjs/core/package.json'), 'wasm'),
  join(outRoot, 'litert'),
);
const models = await extractNsfwjsModels(join(outRoot, 'models'));
const converted = await convertZooModels(join(outRoot, 'models'), defaultSharedDir());
const samples = await makeSampleImages(join(outRoot, 'samples'));
await writeFile(join(outRoot, 'samples', 'index.json'), JSON.stringify(samples));
const iconFiles = await makeIcons(join(outRoot, 'icons'));
console.log(
  `prepare-assets: ${ortFiles} onnxruntime-web files, ${tfjsWasmFiles} tfjs wasm files, ` +
    `${litertFiles.length} LiteRT.js files, ` +
    `${models.length} nsfwjs models, ${converted.length} converted to ONNX (${converted.join(', ')}), ` +
    `${samples.length} sample images, ${iconFiles.length} icons → public/generated`,
);
