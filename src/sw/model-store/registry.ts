/**
 * The service worker's view of the registry: which URLs are model files, and what each
 * must be. The registry is precached with the app shell, so this works offline.
 */
import { matchPrecache } from 'workbox-precaching';
import { AppError } from '../../shared/errors';
import { validateRegistry, type ModelFile, type Registry } from '../../shared/model-registry';
import { REGISTRY_PATH, remoteAlias } from '../../shared/model-hosts';
import { resolveUrl } from './urls';

export interface FileEntry {
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

let index: { registry: Registry; host: string; files: Map<string, FileEntry> } | undefined;

/**
 * Every downloadable file, keyed by the URL it is fetched from; built once per registry and
 * model host, not per request. Files on an unlisted host are left out (installing their model
 * reports why).
 */
export function fileIndex(reg: Registry, host: string, origin: string): Map<string, FileEntry> {
  if (index?.registry === reg && index.host === host) return index.files;
  const files = new Map<string, FileEntry>();
  for (const model of reg.models) {
    for (const variant of model.variants) {
      for (const file of variant.files) {
        try {
          const url = resolveUrl(file, host, origin);
          files.set(url, { file, url });
          const alias = remoteAlias(file.url, origin);
          if (alias) files.set(alias, { file, url });
        } catch {
          // unlisted host: not served
        }
      }
    }
  }
  index = { registry: reg, host, files };
  return files;
}
