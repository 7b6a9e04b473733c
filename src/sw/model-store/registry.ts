/**
 * The service worker's view of the registry: which URLs are model files, and what each
 * must be. The registry is precached with the app shell, so this works offline.
 */
import { matchPrecache } from 'workbox-precaching';
import { AppError } from '../../shared/errors';
import {
  validateRegistry,
  type ModelFile,
  type ModelManifest,
  type ModelVariant,
  type Registry,
} from '../../shared/model-registry';
import { DEFAULT_MODEL_HOST, REGISTRY_PATH } from '../../shared/model-hosts';
import { resolveUrl } from './urls';

export interface FileEntry {
  model: ModelManifest;
  variant: ModelVariant;
  file: ModelFile;
  /** Where the file is fetched from: the app's origin, or the configured model host. */
  url: string;
}

let registry: Promise<Registry> | undefined;

/** The precached registry, validated once per service-worker lifetime. */
export function loadRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const response = (await matchPrecache(REGISTRY_PATH)) ?? (await fetch(REGISTRY_PATH));
    if (!response.ok) throw new AppError('storage/failed', 'The model registry is missing from this build.');
    return validateRegistry(await response.json(), REGISTRY_PATH);
  })();
  registry.catch(() => (registry = undefined));
  return registry;
}

/** Every downloadable file, keyed by the URL it is fetched from. Unlisted hosts are left out. */
export function fileIndex(reg: Registry, host: string, origin: string): Map<string, FileEntry> {
  const index = new Map<string, FileEntry>();
  for (const model of reg.models) {
    for (const variant of model.variants) {
      for (const file of variant.files) {
        try {
          index.set(resolveUrl(file, host, origin), {
            model,
            variant,
            file,
            url: resolveUrl(file, host, origin),
          });
        } catch {
          // A file on an unlisted host is simply not served; installing its model reports why.
        }
      }
    }
  }
  return index;
}

export { DEFAULT_MODEL_HOST };
