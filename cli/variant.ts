import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { makeOnnxVariant } from '../src/variants/make-variant';
import { formatVariantSpec, parseVariantSpec } from '../src/variants/variant-spec';

/**
 * npm run variant -- <model.onnx> --variant <spec> [--out <dir>]
 * Makes a variant of an ONNX model (docs/variants.md) into a folder that doubles as the cache: the same
 * model and spec are made once, then found again by (original sha256, canonical spec).
 */
const usage =
  'usage: npm run variant -- <model.onnx> --variant <spec> [--out <dir>]   (default out: variants/; specs: docs/variants.md)';

const entrySchema = z.object({
  spec: z.string(),
  originalSha256: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  detail: z.string(),
  file: z.string(),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { variant: { type: 'string' }, out: { type: 'string', default: 'variants' } },
  });
  const [modelPath] = positionals;
  if (!modelPath || !values.variant || positionals.length > 1) throw new Error(usage);
  const spec = parseVariantSpec(values.variant);
  const canonical = formatVariantSpec(spec);
  const original = new Uint8Array(
    await readFile(modelPath).catch((error: Error) => {
      throw new Error(`${modelPath}: cannot be read (${error.message})`);
    }),
  );
  const originalSha256 = createHash('sha256').update(original).digest('hex');
  const key = createHash('sha256').update(`${originalSha256}:${canonical}`).digest('hex').slice(0, 16);
  const indexPath = join(values.out, `${key}.json`);
  const cached = await readFile(indexPath, 'utf8').then(
    (text) => entrySchema.parse(JSON.parse(text)),
    () => null,
  );
  if (cached) {
    console.log(`${canonical}: cached ${join(values.out, cached.file)} (sha256 ${cached.sha256})`);
    return;
  }
  const variant = await makeOnnxVariant(original, spec);
  const file = `${variant.sha256}.onnx`;
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, file), variant.bytes);
  const entry = { ...variant, bytes: variant.bytes.byteLength, file };
  await writeFile(indexPath, JSON.stringify(entrySchema.parse(entry), null, 2) + '\n');
  console.log(
    `${canonical}: ${join(values.out, file)} (${original.byteLength} → ${variant.bytes.byteLength} bytes, sha256 ${variant.sha256}); ${variant.detail}`,
  );
}

main().catch((error: Error) => {
  console.error(`variant: ${error.message}`);
  process.exit(1);
});
