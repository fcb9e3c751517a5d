import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeModel, toNumber, type OnnxModel } from '../../src/convert/onnx/onnx-model';
import { readTensorProto } from '../../src/convert/onnx/read-tensor';
import type {
  CaseIndex,
  CaseTensor,
  ConformanceCase,
  SkippedCase,
} from '../../src/core/conformance/case-index';

/** Debian's libonnx-testdata: the ONNX backend node tests (Expat licence). */
export const onnxTestDataRoot = '/usr/share/libonnx-testdata/data/node';

/** The operator a case tests; an "_expanded" case names its operator by its unexpanded sibling. */
function operatorOf(id: string, model: OnnxModel, models: Map<string, OnnxModel>): string {
  const sibling = id.endsWith('_expanded') ? models.get(id.slice(0, -'_expanded'.length)) : undefined;
  return (sibling ?? model).graph.node[0]?.opType ?? 'none';
}

/** The graph inputs the test feeds (initializers are not fed), in the order of input_N.pb. */
function fedInputs(model: OnnxModel) {
  const initialized = new Set(model.graph.initializer.map((t) => t.name));
  return model.graph.input.filter((i) => !initialized.has(i.name));
}

async function readCaseTensors(
  dir: string,
  id: string,
  kind: 'input' | 'output',
  names: string[],
): Promise<CaseTensor[] | string> {
  const tensors: CaseTensor[] = [];
  for (const [n, name] of names.entries()) {
    const file = `${kind}_${n}.pb`;
    const read = readTensorProto(await readFile(join(dir, file)), `${id}/${file}`);
    if ('skip' in read) return read.skip;
    // Fed and compared by the graph's names: a .pb file's own name may be empty.
    const { dtype, shape } = read.tensor;
    tensors.push({ name, dtype, shape, file });
  }
  return tensors;
}

/**
 * Copies the cases the runtime contract can carry (model.onnx and test_data_set_0's .pb files) to
 * `outDir`, with an index.json naming each case's operator, inputs and outputs and every case left out
 * with its reason. Returns null when the package is not installed.
 */
export async function extractConformanceCases(
  outDir: string,
  from = onnxTestDataRoot,
): Promise<CaseIndex | null> {
  if (!existsSync(from)) return null;
  const ids = (await readdir(from)).sort();
  const models = new Map<string, OnnxModel>();
  for (const id of ids) models.set(id, decodeModel(await readFile(join(from, id, 'model.onnx'))));
  const cases: ConformanceCase[] = [];
  const skipped: SkippedCase[] = [];
  for (const id of ids) {
    const model = models.get(id)!;
    const op = operatorOf(id, model, models);
    const skip = (reason: string) => skipped.push({ id, op, reason });
    const nonTensor = [...model.graph.input, ...model.graph.output].find((v) => !v.type?.tensorType);
    if (nonTensor) {
      skip(`"${nonTensor.name}" is a sequence, map or optional value, not a tensor`);
      continue;
    }
    const dataDir = join(from, id, 'test_data_set_0');
    const inputNames = fedInputs(model).map((i) => i.name);
    const inputs = await readCaseTensors(dataDir, id, 'input', inputNames);
    const outputs = await readCaseTensors(
      dataDir,
      id,
      'output',
      model.graph.output.map((o) => o.name),
    );
    if (typeof inputs === 'string' || typeof outputs === 'string') {
      skip(typeof inputs === 'string' ? inputs : (outputs as string));
      continue;
    }
    const caseDir = join(outDir, id);
    await mkdir(caseDir, { recursive: true });
    for (const file of [
      'model.onnx',
      ...[...inputs, ...outputs].map((t) => join('test_data_set_0', t.file)),
    ]) {
      await copyFile(join(from, id, file), join(caseDir, file.replace('test_data_set_0/', '')));
    }
    const opset = toNumber(model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version);
    cases.push({ id, op, expanded: id.endsWith('_expanded'), opset, inputs, outputs });
  }
  const index: CaseIndex = { source: from, cases, skipped };
  await writeFile(join(outDir, 'index.json'), JSON.stringify(index));
  return index;
}
