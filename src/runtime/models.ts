/**
 * The app's one inference client, and models loaded on it by registry id. A load is shared
 * by every caller and forgotten when it fails, so the next attempt can succeed.
 */
import { defaultVariantOf } from '../shared/model-registry';
import { AppError } from '../shared/errors';
import { preferredBackend } from './backend-preference';
import { InferenceClient, type CallOptions, type ModelHandle } from './inference-client';
import { loadRegistry } from './model-store-client';

let client: InferenceClient | null = null;
const loads = new Map<string, Promise<ModelHandle>>();

/** The shared inference worker bridge, started on first use. */
export function inference(): InferenceClient {
  client ??= new InferenceClient();
  return client;
}

/** Loads a registry model (its default variant) on the preferred backend, once. */
export function loadModel(id: string, options: Pick<CallOptions, 'onEvent'> = {}): Promise<ModelHandle> {
  const backend = preferredBackend();
  const key = `${id}@${backend ?? 'auto'}`;
  let load = loads.get(key);
  if (!load) {
    load = (async () => {
      const registry = await loadRegistry();
      const model = registry.models.find((m) => m.id === id);
      if (!model) throw new AppError('model/unknown', `The registry has no model “${id}”.`);
      const file = defaultVariantOf(model).files.find((f) => /\.(json|onnx)$/.test(f.path));
      if (!file) throw new AppError('model/unknown', `The model “${id}” has no graph file.`);
      return inference().load({ engine: model.engine, url: file.url, backend }, options);
    })();
    loads.set(key, load);
    load.catch(() => loads.delete(key));
  }
  return load;
}
