/**
 * The tfjs half of staging (models/stage.ts): reads a published model.json and the weight
 * shards it names, checks its signature against the manifest's io, and makes the quantized
 * copies (one rewritten model.json and one weight file per precision).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ManifestError, type ModelManifest, type TensorSpec } from '../src/shared/model-registry.ts';
import { isObject, SAFE_PATH, type Json, type StagePlan } from './stage-common.ts';
import {
  floatPrecision,
  quantize,
  type EncodedWeights,
  type QuantizeTarget,
  type WeightsManifest,
} from './tfjs-quantize.ts';

const TF_DTYPES: Record<string, string> = {
  DT_FLOAT: 'float32',
  DT_INT32: 'int32',
  DT_BOOL: 'bool',
  DT_STRING: 'string',
};

/** The one model.json of a tfjs model and the weight files it names, in load order. */
export interface TfjsModel {
  readonly json: Json;
  readonly jsonFile: string;
  readonly weightsManifest: WeightsManifest;
  readonly weightFiles: readonly string[];
}

export async function readTfjsModel(
  stage: StagePlan,
  fail: (field: string, problem: string) => never,
): Promise<TfjsModel> {
  const jsons = stage.files.filter((file) => file.endsWith('.json'));
  if (jsons.length !== 1) {
    return fail('stage.files', `a tfjs model needs exactly one model .json; found ${jsons.length}`);
  }
  const jsonFile = jsons[0]!;
  const field = `stage.files[${stage.files.indexOf(jsonFile)}]`;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(stage.packageDir, jsonFile), 'utf8'));
  } catch (error) {
    fail(field, `${jsonFile} is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(json) || !Array.isArray(json.weightsManifest)) {
    return fail(field, `${jsonFile} has no weightsManifest`);
  }
  const weightsManifest = json.weightsManifest as WeightsManifest;
  const weightFiles: string[] = [];
  for (const group of weightsManifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      return fail(field, `${jsonFile}: each weightsManifest group needs paths and weights`);
    }
    for (const shard of group.paths as unknown[]) {
      // Staging puts every file of a variant in one folder, so weight paths must be plain names.
      if (typeof shard !== 'string' || shard.includes('/') || !SAFE_PATH.test(shard)) {
        return fail(
          field,
          `${jsonFile}: weight path ${JSON.stringify(shard)} must be a file name next to the model.json`,
        );
      }
      const file = path.posix.join(path.posix.dirname(jsonFile), shard);
      if (!stage.files.includes(file)) {
        fail('stage.files', `${jsonFile} loads its weights from ${file}; list it too`);
      }
      weightFiles.push(file);
    }
  }
  const published = floatPrecision(weightsManifest);
  if (published !== 'none' && published !== stage.precision) {
    fail('stage.precision', `${jsonFile} stores its float weights as ${published}, not ${stage.precision}`);
  }
  return { json, jsonFile, weightsManifest, weightFiles };
}

/** Checks the manifest's io against the model.json's signature, when it has one. */
export function checkTfjsIo(
  tfjs: TfjsModel,
  manifest: ModelManifest,
  fail: (field: string, problem: string) => never,
): void {
  const json = tfjs.json;
  const signature =
    json.signature ?? (isObject(json.userDefinedMetadata) ? json.userDefinedMetadata.signature : undefined);
  // A graph without a signature gives nothing to compare with.
  if (!isObject(signature)) return;
  for (const side of ['inputs', 'outputs'] as const) {
    const entries = signature[side];
    if (!isObject(entries)) continue;
    const expected = Object.entries(entries).map(([name, tensor]) => signatureTensor(name, tensor));
    const names = expected.map((tensor) => tensor.name).join(', ');
    manifest.io[side].forEach((spec, i) => {
      const match = expected.find((tensor) => tensor.name === spec.name);
      if (!match) {
        return fail(
          `io.${side}[${i}].name`,
          `${tfjs.jsonFile} has no ${side.slice(0, -1)} "${spec.name}" (it has ${names})`,
        );
      }
      if (match.dtype !== spec.dtype) fail(`io.${side}[${i}].dtype`, `${tfjs.jsonFile} says ${match.dtype}`);
      if (match.shape.join() !== spec.shape.join()) {
        fail(`io.${side}[${i}].shape`, `${tfjs.jsonFile} says [${match.shape.join(', ')}]`);
      }
    });
    if (manifest.io[side].length !== expected.length) {
      fail(`io.${side}`, `${tfjs.jsonFile} has ${expected.length} ${side} (${names}); list each of them`);
    }
  }
}

function signatureTensor(name: string, tensor: unknown): TensorSpec {
  const info = isObject(tensor) ? tensor : {};
  const dims = isObject(info.tensorShape) && Array.isArray(info.tensorShape.dim) ? info.tensorShape.dim : [];
  return {
    name,
    dtype: TF_DTYPES[String(info.dtype)] ?? String(info.dtype),
    shape: dims.map((dim: unknown) => Number(isObject(dim) ? (dim.size ?? 1) : 1)),
  };
}

/** A quantized model.json loads one new weight file named after it, in place of the published shards. */
export function quantizedWeightsName(tfjs: TfjsModel): string {
  return `${path.posix.basename(tfjs.jsonFile, '.json')}.bin`;
}

/** Makes a quantized copy of a tfjs model: the rewritten model.json and its single weight file. */
export async function quantizeTfjs(
  tfjs: TfjsModel,
  stage: StagePlan,
  target: QuantizeTarget,
  source: string,
): Promise<{ json: Buffer; weights: Buffer }> {
  const shards = await Promise.all(
    tfjs.weightFiles.map((file) => readFile(path.join(stage.packageDir, file))),
  );
  const data = Buffer.concat(shards);
  let encoded: EncodedWeights;
  try {
    encoded = quantize(
      tfjs.weightsManifest,
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      target,
    );
  } catch (error) {
    throw new ManifestError(
      source,
      `stage.files[${stage.files.indexOf(tfjs.jsonFile)}]`,
      (error as Error).message,
    );
  }
  // Spreading keeps every other key of model.json, in its original order.
  const weightsManifest = [{ paths: [quantizedWeightsName(tfjs)], weights: encoded.weightSpecs }];
  const json = { ...tfjs.json, weightsManifest };
  return { json: Buffer.from(JSON.stringify(json)), weights: Buffer.from(encoded.data) };
}
