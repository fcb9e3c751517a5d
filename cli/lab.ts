import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { splitConfigList } from '../src/adapters/configurations';
import { describeRecommendation } from '../src/core/recommend/describe-recommendation';
import { summaryTable } from '../src/core/report/summary-table';
import { runHeadless } from './run-headless';

const usage = `usage: npm run lab -- --model <id> [--images <dir>] [--configs a,b,...] [--reference <config>]
                    [--limit N] [--warmup N] [--runs N] [--timeout-ms N] [--out <dir>] [--data <dir>] [--no-build] [--verbose]
  --data <dir>  the lab store and token (default ./data; DATABASE_URL: PostgreSQL instead)
  models: nsfw-mobilenet-v2 (default), nsfw-inception-v3, darknet-tiny, mobilenetv2-int8 (the last two need ../shared)
  --warmup N: the most warm-up runs per configuration (default 30); warm-up stops once the times are steady
  configs: tfjs-cpu, tfjs-wasm, tfjs-webgl, tfjs-webgpu, ort-wasm, ort-webgpu (JSEP), ort-webgpu-native,
           ort-webgl, ort-webnn, litert-wasm, litert-webgpu, litert-webnn
           each with options if it takes any (docs/options.md), e.g.
           --configs 'tfjs-webgl[WEBGL_FORCE_F16_TEXTURES=true],tfjs-wasm[threads=2],ort-wasm[threads=1]'`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'nsfw-mobilenet-v2' },
      images: { type: 'string' },
      configs: { type: 'string' },
      reference: { type: 'string' },
      limit: { type: 'string' },
      warmup: { type: 'string' },
      runs: { type: 'string' },
      'timeout-ms': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      data: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);

  const started = Date.now();
  let stored: { ok: boolean; message: string } | undefined;
  const result = await runHeadless({
    modelId: values.model,
    imagesDir: values.images,
    configIds: values.configs === undefined ? undefined : splitConfigList(values.configs),
    referenceConfigId: values.reference,
    limit: positiveInt(values.limit, '--limit'),
    warmupRuns: positiveInt(values.warmup, '--warmup'),
    timedRuns: positiveInt(values.runs, '--runs'),
    timeoutMs: positiveInt(values['timeout-ms'], '--timeout-ms'),
    skipBuild: values['no-build'],
    dataDir: values.data ? resolve(values.data) : undefined,
    onProgress: (p) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
      const config = p.phase === 'done' ? '' : `[${p.configIndex + 1}/${p.configCount}] `;
      const image = p.phase === 'images' ? `${String(p.done + 1).padStart(5)}/${p.total}  ` : '';
      process.stderr.write(`${seconds}s  ${config}${p.phase.padEnd(6)} ${image}${p.message}\n`);
    },
    onStored: (outcome) => (stored = outcome),
    onConsole: values.verbose ? (line) => process.stderr.write(`  browser ${line}\n`) : undefined,
  });

  const recommendation = result.recommendation ? describeRecommendation(result.recommendation) : [];
  const table = [summaryTable(result), ...recommendation].join('\n');
  await mkdir(values.out, { recursive: true });
  const stem = join(values.out, `${result.model.id}-${result.startedAt.replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, JSON.stringify(result, null, 2));
  await writeFile(`${stem}.txt`, table + '\n');
  console.log(table);
  console.log(`\nReport: ${stem}.json\nSummary: ${stem}.txt`);
  const data = values.data ?? './data';
  const where = process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PGlite in ${data}/pglite`;
  if (stored?.ok)
    console.log(
      `Store: ${stored.message} in the lab store (${where}); \`npm start\` serves it at /api/runs/${result.runId} (lab token: ${data}/lab-token)`,
    );
  else console.log(`Store: not stored (${stored?.message ?? 'no answer'}); the report above has everything`);
}

main().catch((error: Error) => {
  console.error(`lab: ${error.message}`);
  process.exit(1);
});
