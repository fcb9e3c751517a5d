import { encodeModel, type OnnxValueInfo } from '../onnx/onnx-model';
import { DataType } from '../onnx/onnx-schema';
import type { ConvertedModel, ConvertOptions } from './conversion';
import { GraphBuilder, type Value } from './graph-builder';

function valueInfo(name: string, shape: (number | null)[], batchSize?: number): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: {
          dim: shape.map((d) =>
            d !== null ? { dimValue: d } : batchSize ? { dimValue: batchSize } : { dimParam: 'batch' },
          ),
        },
      },
    },
  };
}

/**
 * The ONNX graph a converter builds, with the record of the source layers (or nodes) it converted and,
 * with `debug`, each one's output exposed channels-last as a graph output `debug/<name>`.
 */
export class ConvertedGraph extends GraphBuilder {
  readonly layers: ConvertedModel['layers'] = [];
  private readonly debugOutputs: OnnxValueInfo[] = [];

  constructor(private readonly options: ConvertOptions) {
    super();
  }

  record(name: string, className: string, value: Value): void {
    const debugOutput = `debug/${name}`;
    this.layers.push({ name, className, debugOutput });
    if (!this.options.debug) return;
    if (value.nchw) this.toNhwc(value, debugOutput);
    else this.node('Identity', debugOutput, [value.name], [debugOutput]);
    this.debugOutputs.push(valueInfo(debugOutput, value.shape, this.options.batchSize));
  }

  /** The ONNX model (opset 13): one input, one output (then the debug outputs). */
  encode(graph: {
    name: string;
    layoutNote: string;
    metadata?: { key: string; value: string }[];
    input: { name: string; shape: (number | null)[] };
    output: { name: string; shape: (number | null)[] };
  }): Uint8Array {
    const { batchSize } = this.options;
    return encodeModel({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      producerName: 'crosscheck-convert',
      producerVersion: '1',
      metadataProps: [{ key: 'layout', value: graph.layoutNote }, ...(graph.metadata ?? [])],
      graph: {
        name: graph.name,
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(graph.input.name, graph.input.shape, batchSize)],
        output: [valueInfo(graph.output.name, graph.output.shape, batchSize), ...this.debugOutputs],
      },
    });
  }
}
