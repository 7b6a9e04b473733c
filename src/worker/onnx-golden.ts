/**
 * The golden self-test for onnxruntime-web: a tiny ONNX model (MatMul → Add → Relu) written
 * here byte by byte, so no file has to be fetched, and its expected output in plain JS.
 * A provider that starts but computes wrong is skipped like one that fails to start.
 */

const IN = 4;
const OUT = 3;
/** Largest difference allowed from the reference. */
export const ONNX_SELF_TEST_TOLERANCE = 1e-3;

export const GOLDEN_INPUT = Float32Array.from({ length: IN }, (_, i) => (i - 1.5) / 2);
const WEIGHTS = Float32Array.from({ length: IN * OUT }, (_, i) => ((i * 7) % 5) / 4 - 0.4);
const BIAS = Float32Array.from({ length: OUT }, (_, i) => 0.1 * (i - 1));

/** relu(x · W + b) in plain JavaScript. */
export function goldenReference(): Float32Array {
  return Float32Array.from({ length: OUT }, (_, j) => {
    let sum = BIAS[j]!;
    for (let k = 0; k < IN; k += 1) sum += GOLDEN_INPUT[k]! * WEIGHTS[k * OUT + j]!;
    return Math.max(0, sum);
  });
}

// A minimal protobuf writer: varints, length-delimited fields, packed floats.
const FLOAT = 1;
const varint = (value: number): number[] => {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const num = (field: number, value: number) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: number[] | Uint8Array) => [
  ...key(field, 2),
  ...varint(data.length),
  ...data,
];
const text = (field: number, value: string) => bytes(field, [...new TextEncoder().encode(value)]);
const floats = (field: number, data: Float32Array) => bytes(field, new Uint8Array(data.buffer.slice(0)));

const tensor = (name: string, dims: number[], data: Float32Array) => [
  ...dims.flatMap((d) => num(1, d)),
  ...num(2, FLOAT),
  ...floats(4, data),
  ...text(8, name),
];
const valueInfo = (name: string, dims: number[]) => [
  ...text(1, name),
  ...bytes(
    2,
    bytes(1, [
      ...num(1, FLOAT),
      ...bytes(
        2,
        dims.flatMap((d) => bytes(1, num(1, d))),
      ),
    ]),
  ),
];
const node = (inputs: string[], output: string, op: string) => [
  ...inputs.flatMap((name) => text(1, name)),
  ...text(2, output),
  ...text(4, op),
];

/** The ONNX ModelProto bytes (IR version 8, opset 13). */
export function goldenModel(): Uint8Array {
  const graph = [
    ...bytes(1, node(['x', 'W'], 'xw', 'MatMul')),
    ...bytes(1, node(['xw', 'b'], 'z', 'Add')),
    ...bytes(1, node(['z'], 'y', 'Relu')),
    ...text(2, 'golden'),
    ...bytes(5, tensor('W', [IN, OUT], WEIGHTS)),
    ...bytes(5, tensor('b', [OUT], BIAS)),
    ...bytes(11, valueInfo('x', [1, IN])),
    ...bytes(12, valueInfo('y', [1, OUT])),
  ];
  return new Uint8Array([...num(1, 8), ...bytes(8, [...text(1, ''), ...num(2, 13)]), ...bytes(7, graph)]);
}
