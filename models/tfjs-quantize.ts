/**
 * TF.js weight quantization without TF.js: reads and writes the `weightsManifest` format that
 * `tf.io.decodeWeights` understands (tfjs-core/src/io/io_utils.ts), so a staged variant loads
 * with the stock loader. Same maths as the converter (tfjs-converter/python/tensorflowjs/quantization.py):
 * float16 is an IEEE half cast; uint8 is per-tensor affine, value = q * scale + min, with the
 * range nudged so that 0 stays exact when the tensor spans it.
 */

export type WeightDtype = 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
export type QuantizedDtype = 'float16' | 'uint8' | 'uint16';
export type QuantizeTarget = 'fp16' | 'uint8';

export interface WeightQuantization {
  dtype: QuantizedDtype;
  min?: number;
  scale?: number;
  original_dtype?: string;
}

/** One tensor in a weights manifest (tf.io.WeightsManifestEntry, plus the converter's `original_dtype`). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  group?: 'model' | 'optimizer';
  quantization?: WeightQuantization;
}

export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
}

export type WeightsManifest = WeightsGroup[];

/** A tensor decoded to its full-precision values; `spec` carries no quantization. */
export interface DecodedWeight {
  readonly spec: WeightSpec;
  readonly values: Float32Array | Int32Array | Uint8Array;
}

export interface EncodedWeights {
  readonly weightSpecs: WeightSpec[];
  readonly data: ArrayBuffer;
}

const UINT8_MAX = 255;
const BYTES_PER_VALUE: Record<QuantizedDtype | 'float32' | 'int32' | 'bool', number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  float16: 2,
  uint8: 1,
  uint16: 2,
};

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/**
 * IEEE 754 binary16 bits of `value` after rounding it to float32: round to nearest, ties to even;
 * overflow goes to ±Infinity, underflow to subnormals and then ±0; NaN stays NaN.
 */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = f32Bits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Below 2^-14 the half is subnormal: shift the full significand (implicit 1 included) down.
    if (halfExponent < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShift(significand, shift);
  }
  // A carry out of the mantissa bumps the exponent, which is right (and gives Infinity at the top).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return rest > halfway || (rest === halfway && kept & 1) ? kept + 1 : kept;
}

/** The number an IEEE binary16 bit pattern stands for. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** np.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Per-tensor affine uint8 quantization, as the tfjs converter does it. */
export function quantizeUint8(values: Float32Array): { bytes: Uint8Array; min: number; scale: number } {
  const bytes = new Uint8Array(values.length);
  if (values.length === 0) return { bytes, min: 0, scale: 1 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`cannot uint8-quantize a tensor holding ${v}`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // A constant tensor is all zeros with min = the value.
  if (lo === hi) return { bytes, min: lo, scale: 1 };
  const scale = (hi - lo) / UINT8_MAX;
  let min = lo;
  let max = hi;
  if (lo <= 0 && 0 <= hi) {
    // Nudge so that real 0 lands on an integer step (zero padding must stay exactly 0).
    min = -roundHalfEven(-lo / scale) * scale;
    max = UINT8_MAX * scale + min;
  }
  for (let i = 0; i < values.length; i++) {
    const clipped = Math.min(Math.max(values[i]!, min), max);
    bytes[i] = Math.min(UINT8_MAX, Math.max(0, roundHalfEven((clipped - min) / scale)));
  }
  return { bytes, min, scale };
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}

function withoutQuantization(spec: WeightSpec): WeightSpec {
  const { quantization: _quantization, ...plain } = spec;
  return plain;
}

/**
 * Decodes every tensor of a manifest (all groups, in order) from the concatenated weight bytes:
 * float weights come back as float32 whatever their storage, int32 and bool as stored.
 */
export function dequantize(manifest: WeightsManifest, data: ArrayBuffer): DecodedWeight[] {
  const view = new DataView(data);
  let offset = 0;
  const decoded: DecodedWeight[] = [];
  for (const spec of manifest.flatMap((group) => group.weights)) {
    const size = elementCount(spec.shape);
    const { dtype, quantization } = spec;
    if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
      throw new TypeError(`weight "${spec.name}": dtype ${dtype} is not supported`);
    }
    const storage = quantization?.dtype ?? dtype;
    const byteLength = size * BYTES_PER_VALUE[storage];
    if (offset + byteLength > data.byteLength) {
      throw new RangeError(
        `weight "${spec.name}" needs bytes ${offset}–${offset + byteLength}, the data has ${data.byteLength}`,
      );
    }
    const values =
      dtype === 'float32'
        ? new Float32Array(size)
        : dtype === 'int32'
          ? new Int32Array(size)
          : new Uint8Array(size);
    if (!quantization) {
      if (values instanceof Uint8Array) values.set(new Uint8Array(data, offset, byteLength));
      else readLittleEndian(view, offset, values);
    } else if (quantization.dtype === 'float16') {
      if (dtype !== 'float32')
        throw new TypeError(`weight "${spec.name}": float16 quantization needs dtype float32, not ${dtype}`);
      for (let i = 0; i < size; i++) values[i] = float16BitsToFloat32(view.getUint16(offset + 2 * i, true));
    } else {
      const { min, scale } = quantization;
      if (typeof min !== 'number' || typeof scale !== 'number' || dtype === 'bool') {
        throw new TypeError(
          `weight "${spec.name}": ${quantization.dtype} quantization needs min and scale and a numeric dtype`,
        );
      }
      const wide = quantization.dtype === 'uint16';
      for (let i = 0; i < size; i++) {
        const q = wide ? view.getUint16(offset + 2 * i, true) : view.getUint8(offset + i);
        // Same expression as tfjs's decodeWeight, so the float32 rounding agrees bit for bit.
        values[i] = dtype === 'int32' ? Math.round(q * scale + min) : q * scale + min;
      }
    }
    decoded.push({ spec: withoutQuantization(spec), values });
    offset += byteLength;
  }
  if (offset !== data.byteLength) {
    throw new RangeError(
      `the manifest describes ${offset} bytes of weights, the data has ${data.byteLength}`,
    );
  }
  return decoded;
}

/** Typed arrays use the platform's byte order; weight files are little-endian. */
function readLittleEndian(view: DataView, offset: number, into: Float32Array | Int32Array): void {
  const float = into instanceof Float32Array;
  for (let i = 0; i < into.length; i++) {
    into[i] = float ? view.getFloat32(offset + 4 * i, true) : view.getInt32(offset + 4 * i, true);
  }
}

/**
 * Re-encodes a manifest's weights at `target` precision: float32 weights become float16 or
 * affine uint8 (with the metadata tfjs needs to decode them); int32 and bool weights are kept as is.
 */
export function quantize(
  manifest: WeightsManifest,
  data: ArrayBuffer,
  target: QuantizeTarget,
): EncodedWeights {
  const chunks: Uint8Array[] = [];
  const weightSpecs: WeightSpec[] = [];
  for (const { spec, values } of dequantize(manifest, data)) {
    if (!(values instanceof Float32Array)) {
      const bytes = new Uint8Array(values.byteLength);
      const view = new DataView(bytes.buffer);
      if (values instanceof Int32Array) values.forEach((v, i) => view.setInt32(4 * i, v, true));
      else bytes.set(values);
      chunks.push(bytes);
      weightSpecs.push(spec);
    } else if (target === 'fp16') {
      const bytes = new Uint8Array(values.length * 2);
      const view = new DataView(bytes.buffer);
      values.forEach((v, i) => view.setUint16(2 * i, float32ToFloat16Bits(v), true));
      chunks.push(bytes);
      weightSpecs.push({ ...spec, quantization: { dtype: 'float16', original_dtype: 'float32' } });
    } else {
      const { bytes, min, scale } = quantizeUint8(values);
      chunks.push(bytes);
      weightSpecs.push({ ...spec, quantization: { dtype: 'uint8', min, scale, original_dtype: 'float32' } });
    }
  }
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { weightSpecs, data: out.buffer };
}

/** The storage precision of a manifest's float weights, or 'mixed' when they differ. */
export function floatPrecision(
  manifest: WeightsManifest,
): 'fp32' | 'fp16' | 'uint8' | 'uint16' | 'mixed' | 'none' {
  const seen = new Set<string>();
  for (const spec of manifest.flatMap((group) => group.weights)) {
    if (spec.dtype !== 'float32') continue;
    const storage = spec.quantization?.dtype ?? 'float32';
    seen.add(storage === 'float32' ? 'fp32' : storage === 'float16' ? 'fp16' : storage);
  }
  if (seen.size === 0) return 'none';
  if (seen.size > 1) return 'mixed';
  return [...seen][0] as 'fp32' | 'fp16' | 'uint8' | 'uint16';
}
