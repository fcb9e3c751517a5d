import { describe, expect, it } from 'vitest';
import { captureConsole } from './capture-console';

describe('captureConsole', () => {
  it('captures a runtime that bound console.error on its first call, on every later call too', async () => {
    // As Emscripten does: the print function is bound once, when the module first starts.
    let print: ((text: string) => void) | undefined;
    const runtime = async (text: string) => {
      print ??= console.error.bind(console);
      print(text);
    };
    const first = await captureConsole(() =>
      runtime('Node(s) placed on [CPUExecutionProvider]. Number of nodes: 1'),
    );
    const second = await captureConsole(() =>
      runtime('All nodes placed on [CPUExecutionProvider]. Number of nodes: 2'),
    );
    expect(first.messages).toEqual(['Node(s) placed on [CPUExecutionProvider]. Number of nodes: 1']);
    expect(second.messages).toEqual(['All nodes placed on [CPUExecutionProvider]. Number of nodes: 2']);
  });
});
