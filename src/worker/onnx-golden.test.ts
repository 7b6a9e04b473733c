import { describe, expect, it } from 'vitest';
import { GOLDEN_INPUT, goldenModel, goldenReference } from './onnx-golden';

describe('ONNX golden model', () => {
  it('is a well-formed ModelProto header: IR version 8, then the opset import', () => {
    const model = goldenModel();
    expect([...model.subarray(0, 2)]).toEqual([0x08, 0x08]); // field 1 (ir_version) = 8
    expect(model[2]).toBe(0x42); // field 8 (opset_import), length-delimited
    expect(model.byteLength).toBeGreaterThan(100);
  });

  it('has a reference output with a zeroed (ReLU) and a positive entry', () => {
    const out = goldenReference();
    expect(out).toHaveLength(3);
    expect(out.some((v) => v === 0)).toBe(true);
    expect(out.some((v) => v > 0)).toBe(true);
  });
});

describe('ONNX golden model in onnxruntime (WebAssembly, in Node)', () => {
  it('loads and computes the reference output', async () => {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(goldenModel());
    const { y } = await session.run({ x: new ort.Tensor('float32', GOLDEN_INPUT.slice(), [1, 4]) });
    const expected = goldenReference();
    const actual = y!.data as Float32Array;
    expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
    await session.release();
  });
});
