/**
 * The tiny-model tests' model runner (marian.test.ts, whisper.test.ts): an onnxruntime-web
 * session in Node, on one WebAssembly thread, as the NamedRunner the translators take. It feeds
 * only the inputs the session declares. Test-only: the app runs its sessions through
 * src/worker/engines/onnx.ts.
 */
import type * as OrtModule from 'onnxruntime-web';
import type { TensorData } from '../../../worker/types';
import type { NamedRunner } from './seq2seq';

let runtime: Promise<typeof OrtModule> | undefined;

/** onnxruntime-web, loaded once for the test file and set to one thread. */
function nodeOrt(): Promise<typeof OrtModule> {
  runtime ??= import('onnxruntime-web').then((ort) => {
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return runtime;
}

/** A runner over a session made from an ONNX model's bytes; outputs come back as float32. */
export async function ortRunner(model: Uint8Array): Promise<NamedRunner> {
  const ort = await nodeOrt();
  const session = await ort.InferenceSession.create(model);
  return async (inputs) => {
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, input] of Object.entries(inputs))
      if (session.inputNames.includes(name))
        feeds[name] = new ort.Tensor(input.dtype, input.data, input.shape);
    const results = await session.run(feeds);
    const outputs: Record<string, TensorData> = {};
    for (const [name, tensor] of Object.entries(results))
      outputs[name] = { dtype: 'float32', shape: [...tensor.dims], data: tensor.data as Float32Array };
    return outputs;
  };
}
