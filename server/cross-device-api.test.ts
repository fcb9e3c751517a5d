import { expect, it } from 'vitest';
import type { RunResult, RunTrace } from '../src/core/result-schema';
import type { NamedTensor } from '../src/core/tensor';
import type { GraphNode } from '../src/localize/expose-outputs';
import type { CrossDeviceLocalization } from '../src/localize/localize-across-runs';
import { summarizeCapture } from '../src/localize/trace-summary';
import {
  describeEachStore,
  json,
  postRun,
  runVariant,
  testToken,
  type ErrorAnswer,
} from './test/store-backends';

const inputSha256 = 'd'.repeat(64);

/** Node i's output: a smooth wave, moved by 0.05 from node `perturbedFrom` on. */
const values = (i: number, perturbedFrom = Infinity) =>
  Float32Array.from({ length: 500 }, (_, j) => Math.sin(j * (i + 1)) + (i >= perturbedFrom ? 0.05 : 0));

/** Five chained nodes (values above), traced as a device would. */
async function trace(perturbedFrom = Infinity, image = 'cat.jpg', sha = inputSha256): Promise<RunTrace> {
  const nodes: GraphNode[] = Array.from({ length: 5 }, (_, i) => ({
    name: `layer${i}`,
    opType: 'Conv2D',
    domain: '',
    attributes: {},
    inputs: [i ? `layer${i - 1}` : 'input'],
    outputs: [{ name: `layer${i}`, dtype: 'float32', quantization: null }],
  }));
  const outputs = new Map<string, NamedTensor>(
    nodes.map((n, i) => [
      n.name,
      {
        name: n.name,
        dtype: 'float32',
        shape: [1, 500],
        data: Float32Array.from(
          { length: 500 },
          (_, j) => Math.sin(j * (i + 1)) + (i >= perturbedFrom ? 0.05 : 0),
        ),
      },
    ]),
  );
  const nodesTraced = await summarizeCapture(nodes, outputs);
  return {
    image,
    inputSha256: sha,
    sampleSize: 32,
    configs: [
      {
        configId: 'tfjs-webgl',
        backend: 'webgl',
        halfFloat: false,
        method: 'layer-outputs',
        elapsedMs: 10,
        nodes: nodesTraced,
      },
    ],
  };
}

const device = (run: RunResult, platform: string) => (run.environment.platform = platform);

describeEachStore('cross-device localization', (server) => {
  it('localizes two stored runs from two devices against each other, naming the perturbed node', async () => {
    const laptop = runVariant((r) => device(r, 'Linux x86_64'));
    laptop.trace = await trace();
    const phone = runVariant((r) => device(r, 'Linux armv8l'));
    phone.trace = await trace(2);
    for (const run of [laptop, phone]) expect((await postRun(server(), run)).status).toBe(201);

    const url = `${server().url}api/runs/${laptop.runId}/localize/${phone.runId}?config=tfjs-webgl`;
    const answer = await json<CrossDeviceLocalization>(fetch(url));
    expect([answer.a.runId, answer.b.runId]).toEqual([laptop.runId, phone.runId]);
    expect(answer.a.device).toMatch(/^Linux x86_64/);
    expect(answer.b.device).toMatch(/^Linux armv8l/);
    expect(answer.record).toMatchObject({
      referenceId: 'tfjs-webgl',
      suspectId: 'tfjs-webgl',
      image: 'cat.jpg',
      inputSha256,
      method: 'layer-outputs',
      firstDivergent: 'layer2',
      firstJump: 'layer2',
      reproduced: true,
    });
    if (!('nodes' in answer.record)) throw new Error('not localized');
    const [before, at] = [answer.record.nodes[1], answer.record.nodes[2]];
    expect(before).toMatchObject({ maxAbs: 0, divergent: false });
    expect(before.referenceHash).toBe(before.suspectHash);
    expect(at.maxAbs).toBeCloseTo(0.05, 3);
    expect(at.referenceHash).not.toBe(at.suspectHash);

    // The full tensors worth having: the divergent node's output and its input, stored by neither yet.
    expect(answer.tensors).toEqual([
      { output: 'layer1', bytes: 2000, storedA: false, storedB: false },
      { output: 'layer2', bytes: 2000, storedA: false, storedB: false },
    ]);

    // The same run against itself: nothing diverges.
    const same = `${server().url}api/runs/${laptop.runId}/localize/${laptop.runId}?config=tfjs-webgl`;
    expect((await json<CrossDeviceLocalization>(fetch(same))).record).toMatchObject({ firstDivergent: null });
  });

  it('refuses what cannot be compared, saying why', async () => {
    const traced = runVariant();
    traced.trace = await trace();
    const untraced = runVariant();
    const otherInput = runVariant();
    otherInput.trace = await trace(Infinity, 'dog.jpg', 'e'.repeat(64));
    const otherModel = runVariant((r) => (r.model.sha256 = 'f'.repeat(64)));
    otherModel.trace = await trace();
    for (const run of [traced, untraced, otherInput, otherModel])
      expect((await postRun(server(), run)).status).toBe(201);
    const ask = async (a: string, b: string, query = '?config=tfjs-webgl') => {
      const response = await fetch(`${server().url}api/runs/${a}/localize/${b}${query}`);
      return [response.status, (await json<ErrorAnswer>(response)).error];
    };
    expect(await ask(traced.runId, untraced.runId)).toEqual([
      422,
      expect.stringMatching(/^run b .* has no trace/),
    ]);
    expect(await ask(traced.runId, otherInput.runId)).toEqual([
      422,
      expect.stringMatching(/traced two inputs \(cat\.jpg.*dog\.jpg/),
    ]);
    expect(await ask(traced.runId, otherModel.runId)).toEqual([
      422,
      expect.stringMatching(/^the runs are of two model files/),
    ]);
    expect(await ask(traced.runId, traced.runId, '?config=ort-wasm')).toEqual([
      422,
      expect.stringMatching(/has no trace of ort-wasm \(traced: tfjs-webgl\)/),
    ]);
    expect(await ask(traced.runId, traced.runId, '')).toEqual([400, expect.stringMatching(/^config: /)]);
    expect(await ask('nope', traced.runId)).toEqual([400, 'a: not a run id']);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await ask(traced.runId, missing)).toEqual([404, `no run ${missing}`]);
  });
});

describeEachStore('full tensors of a traced run', (server) => {
  it('takes a traced output’s exact bytes once, refuses any other, and gives them back', async () => {
    const phone = runVariant();
    phone.trace = await trace(2);
    expect((await postRun(server(), phone)).status).toBe(201);
    const address = (output: string, config = 'tfjs-webgl') =>
      `${server().url}api/runs/${phone.runId}/tensors?config=${config}&output=${output}`;
    const put = async (output: string, body: Uint8Array, token = testToken) => {
      const response = await fetch(address(output), {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
        body,
      });
      return [response.status, (await json<{ error?: string }>(response)).error ?? 'ok'];
    };
    const bytes = (data: Float32Array) => new Uint8Array(data.buffer);
    expect(await put('layer2', bytes(values(2, 2)))).toEqual([201, 'ok']);
    expect(await put('layer2', bytes(values(2, 2)))).toEqual([200, 'ok']);
    expect(await put('layer2', bytes(values(2)))).toEqual([
      422,
      expect.stringMatching(/^body: its sha256 is [0-9a-f]{64}, the trace has/),
    ]);
    expect(await put('layer3', bytes(values(3).slice(1)))).toEqual([
      422,
      'body: 1996 bytes, the traced float32 [1×500] takes 2000',
    ]);
    expect(await put('layer9', bytes(values(3)))).toEqual([
      422,
      expect.stringMatching(/^output: .* has no output "layer9"/),
    ]);
    expect((await put('layer3', bytes(values(3, 2)), 'wrong-token'))[0]).toBe(401);

    const back = await fetch(address('layer2'));
    expect([back.status, back.headers.get('x-tensor-dtype'), back.headers.get('x-tensor-shape')]).toEqual([
      200,
      'float32',
      '[1,500]',
    ]);
    expect(new Float32Array(await back.arrayBuffer())).toEqual(values(2, 2));
    expect((await fetch(address('layer1'))).status).toBe(404);
    expect((await fetch(address('layer1', 'ort-wasm'))).status).toBe(422);
  });
});
