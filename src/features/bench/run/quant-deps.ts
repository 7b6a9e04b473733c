/**
 * What the quantization suite needs that the bench harness (bench/quant.ts) and the Bench page
 * share: a model's variants as the registry lists them, the app's own face and pose pipelines
 * around each model call, and an engine that loads a variant in a fresh inference worker. Only
 * where the files and the photos come from differs: staged files and test photos for the
 * harness, the app's model files and camera frames for the page.
 */
// The pure pre- and post-processing steps run on the page here, so that the suite times the model
// call alone through the bridge, as the harness does; they load no ML engine.
// eslint-disable-next-line no-restricted-imports
import { detectFaces } from '../../face/worker/detect-faces';
// eslint-disable-next-line no-restricted-imports
import { estimatePose } from '../../health/worker/pose';
import { InferenceClient } from '../../../runtime/inference-client';
import type { ModelManifest } from '../../../shared/model-registry';
import type { TensorData } from '../../../worker/types';
import {
  QUANT_MODEL_INFO,
  type QuantBackend,
  type QuantKind,
  type QuantModelId,
  type QuantOutput,
  type QuantVariantInfo,
} from '../shared/quant-suite';
import type { QuantEngine, QuantModelCall } from './quant-run';

/** A manifest's variants with their sizes: weights (every file but the graph) and all files. */
export function quantVariants(manifest: ModelManifest): QuantVariantInfo[] {
  return manifest.variants.map((v) => ({
    id: v.id,
    quantization: v.quantization,
    weightBytes: v.files.filter((f) => !f.path.endsWith('.json')).reduce((n, f) => n + f.bytes, 0),
    totalBytes: v.files.reduce((n, f) => n + f.bytes, 0),
  }));
}

/**
 * The suite's `infer`: the model's task on image `index` of its kind (faces for BlazeFace,
 * bodies for MoveNet), the app's own pipeline with `call` as the model.
 */
export function quantInfer(
  images: (kind: QuantKind) => readonly ImageBitmap[],
): (model: QuantModelId, call: QuantModelCall, index: number) => Promise<QuantOutput> {
  return async (model, call, index) => {
    const { kind } = QUANT_MODEL_INFO[model];
    const image = images(kind)[index];
    if (!image) throw new RangeError(`No image ${index} for ${model}.`);
    const run = (_handle: number, inputs: TensorData[]) => call(inputs);
    if (kind === 'pose') {
      const pose = await estimatePose(run, 0, image);
      return { kind: 'pose', width: pose.width, height: pose.height, keypoints: pose.keypoints };
    }
    const mode = model === 'blazeface-full' ? 'full' : 'short';
    const result = await detectFaces(run, 0, image, { mode });
    return {
      kind: 'face',
      width: result.width,
      height: result.height,
      faces: result.faces.map(({ box, score }) => ({ box, score })),
    };
  };
}

/**
 * The suite's `open`: a fresh inference worker on `backend` that loads each variant's graph
 * from `url(registryUrl)`; closing it ends the worker.
 */
export function openQuantEngine(
  manifest: (model: QuantModelId) => ModelManifest,
  url: (registryUrl: string) => string,
  backend: QuantBackend,
): QuantEngine {
  const client = new InferenceClient();
  return {
    async load(model, variant) {
      const files = manifest(model).variants.find((v) => v.id === variant)?.files;
      const graph = files?.find((f) => f.path.endsWith('.json'));
      if (!graph) throw new Error(`${model} has no ${variant} model.json.`);
      const handle = await client.load({ engine: 'tfjs', url: url(graph.url), backend });
      return {
        ranOn: handle.info.backend,
        run: async (inputs) => (await client.run(handle, inputs)).outputs,
      };
    },
    async close() {
      client.terminate();
    },
  };
}
