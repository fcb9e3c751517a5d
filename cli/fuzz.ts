import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { conformanceRecordSchema } from '../src/core/conformance/conformance-schema';
import type { FuzzOptions } from '../src/lab/fuzz/run-fuzz';
import { caseHash } from '../src/fuzz/case-hash';
import { describeCoverage } from '../src/fuzz/fuzz-coverage';
import { generateCase } from '../src/fuzz/generate-case';
import { list, wholeNumber } from './conformance-flags';
import { printConfigCounts, runSuiteInPage } from './suite-in-page';

const usage = `usage: npm run fuzz -- --seed S --count N [--configs ort-wasm,ort-webgpu,...] [--timeout-ms N]
                     [--out <dir>] [--no-build] [--verbose]
  Generates N small valid ONNX graphs from seeds S, S+1, ... (src/fuzz), runs each in headless Chromium
  on every ORT configuration, each in its own worker, held to ort-wasm within the per-operator
  tolerance. Prints the disagreements (each with its seed: --seed <it> --count 1 reproduces it) and the
  operator and attribute coverage. See docs/fuzzing-and-profiling.md.`;

const pageReport = z.object({
  record: conformanceRecordSchema,
  coverage: z.object({
    graphs: z.number(),
    ops: z.record(z.string(), z.number()),
    attributes: z.record(z.string(), z.record(z.string(), z.number())),
  }),
  graphs: z.array(z.object({ seed: z.number(), ops: z.array(z.string()), hash: z.string() })),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      count: { type: 'string', default: '20' },
      configs: { type: 'string' },
      'timeout-ms': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const seed = wholeNumber(values.seed, '--seed');
  if (seed === undefined) throw new Error(`--seed is required\n${usage}`);
  const options: FuzzOptions = {
    seed,
    count: wholeNumber(values.count, '--count') ?? 20,
    configIds: list(values.configs),
    timeoutMs: wholeNumber(values['timeout-ms'], '--timeout-ms'),
  };
  const { result: report, stored } = await runSuiteInPage(
    { noBuild: values['no-build'], verbose: values.verbose },
    async (page) => pageReport.parse(await page.evaluate((o) => window.crosscheck.fuzz(o), options)),
    (report) => report.record,
  );
  const stamp = report.record.startedAt.replace(/[:.]/g, '-');
  const dir = join(values.out, `fuzz-${stamp}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'report.json'), JSON.stringify(report, null, 2));

  // Node generates every graph again: the page's fingerprints must be Node's, byte for byte.
  const mismatched: number[] = [];
  for (const graph of report.graphs)
    if ((await caseHash(generateCase(graph.seed))) !== graph.hash) mismatched.push(graph.seed);

  const disagreements = report.record.cases.filter(
    (c) => c.status === 'wrong' || (c.status === 'fell-back' && c.detail?.includes('outputs wrong')),
  );
  for (const seed of new Set(disagreements.map((c) => Number(c.caseId.replace('seed ', ''))))) {
    const c = generateCase(seed);
    await writeFile(join(dir, `seed-${seed}.onnx`), c.bytes);
    const inputs = c.inputs.map((t) => ({ name: t.name, shape: t.shape, values: Array.from(t.data) }));
    await writeFile(join(dir, `seed-${seed}.inputs.json`), JSON.stringify(inputs));
  }
  printConfigCounts(report.record);
  console.log(`\nDisagreements: ${disagreements.length}`);
  for (const c of disagreements)
    console.log(`  ${c.caseId} (${c.op}) on ${c.configId}: ${c.detail ?? ''}`.slice(0, 300));
  console.log(`\nCoverage over ${report.coverage.graphs} graphs:`);
  for (const line of describeCoverage(report.coverage)) console.log(`  ${line}`);
  console.log(
    `\nSame graphs and inputs in Node and the page: ${mismatched.length ? `NO, seeds ${mismatched.join(', ')}` : `yes (${report.graphs.length} fingerprints)`}`,
  );
  console.log(`Store: ${stored}`);
  console.log(
    `${report.graphs.length} graphs in ${(report.record.durationMs / 1000).toFixed(1)} s; report: ${dir}`,
  );
  if (mismatched.length) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`fuzz: ${error.message}`);
  process.exit(1);
});
