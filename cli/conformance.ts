import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { conformanceRecordSchema } from '../src/core/conformance/conformance-schema';
import type { ConformanceOptions } from '../src/lab/conformance/run-conformance';
import { list, wholeNumber } from './conformance-flags';
import { printConfigCounts, runSuiteInPage } from './suite-in-page';

const usage = `usage: npm run conformance -- [--configs ort-wasm,ort-webgpu,ort-webgl] [--ops Conv,Resize,...]
                            [--model <zoo id>] [--limit N] [--timeout-ms N] [--out <dir>] [--no-build] [--verbose]
  Runs the ONNX operator tests (Debian's libonnx-testdata, extracted by npm install) in headless
  Chromium, each configuration in its own worker; with --model, the distinct node configurations of that
  zoo model instead, each alone, held to ort-wasm. See docs/conformance.md.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      configs: { type: 'string' },
      ops: { type: 'string' },
      model: { type: 'string' },
      limit: { type: 'string' },
      'timeout-ms': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const options: ConformanceOptions = {
    configIds: list(values.configs),
    ops: list(values.ops),
    modelId: values.model,
    limit: wholeNumber(values.limit, '--limit'),
    timeoutMs: wholeNumber(values['timeout-ms'], '--timeout-ms'),
  };
  const { result: record, stored } = await runSuiteInPage(
    { noBuild: values['no-build'], verbose: values.verbose },
    async (page) =>
      conformanceRecordSchema.parse(await page.evaluate((o) => window.crosscheck.conformance(o), options)),
    (record) => record,
  );
  await mkdir(values.out, { recursive: true });
  const file = join(values.out, `conformance-${record.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(record, null, 2));
  printConfigCounts(record);
  const cases = new Set(record.cases.map((c) => c.caseId)).size;
  console.log(`Store: ${stored}`);
  console.log(`\n${cases} cases in ${(record.durationMs / 1000).toFixed(1)} s; report: ${file}`);
}

main().catch((error: Error) => {
  console.error(`conformance: ${error.message}`);
  process.exit(1);
});
