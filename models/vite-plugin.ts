/**
 * Vite plugin that puts the staged models into the app: on build it stages into a cache dir
 * and emits every file as an asset under `models/`; in dev it stages once and serves `/models/*`.
 */
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';
import type { Registry } from '../src/shared/model-registry.ts';
import { REGISTRY_FILE, stageModels } from './stage.ts';

/**
 * Relative to the project root; emptied before every build and removed after it. One per build
 * process: builds that run at once (the e2e setup's, a bench build, another checkout sharing
 * node_modules) must never stage into one folder, or one build ships another's registry.
 */
export const CACHE_DIR = `node_modules/.cache/offgrid-models-${process.pid}`;
const URL_PREFIX = '/models/';

/** Every file a registry stages, as paths under the output dir (`models/...`). */
export function stagedFiles(registry: Registry): string[] {
  const files = registry.models
    .filter((model) => model.bundled)
    .flatMap((model) => model.variants.flatMap((variant) => variant.files.map((file) => file.url.slice(1))));
  return [...files, REGISTRY_FILE];
}

function contentType(file: string): string {
  return file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}

/** Stages the bundled models and the registry into the build (and the dev server). */
export function offgridModels(): Plugin {
  let root = process.cwd();
  let command: 'build' | 'serve' = 'build';
  let registry: Registry | undefined;

  const stagingDir = () => path.join(root, CACHE_DIR);
  const stage = async (): Promise<Registry> => {
    const outDir = stagingDir();
    await rm(outDir, { recursive: true, force: true });
    // OFFGRID_EXTRA_MANIFESTS: more manifest folders, separated by the platform's path delimiter.
    const extra = process.env.OFFGRID_EXTRA_MANIFESTS?.split(path.delimiter).filter(Boolean) ?? [];
    // OFFGRID_MANIFESTS: a folder that replaces models/manifests (test builds whose remote
    // models are the project's tiny stand-ins, with their own sizes and hashes).
    const manifestsDir = process.env.OFFGRID_MANIFESTS || undefined;
    return stageModels({ root, outDir, manifestsDir, extraManifestsDirs: extra });
  };

  return {
    name: 'offgrid:models',
    // Vitest starts a Vite server too; tests stage into their own temp dirs instead.
    apply: () => !process.env.VITEST,
    configResolved(config) {
      root = config.root;
      command = config.command;
    },
    async buildStart() {
      if (command !== 'build') return;
      try {
        registry = await stage();
      } catch (error) {
        this.error((error as Error).message);
      }
    },
    async generateBundle() {
      if (!registry) return;
      for (const fileName of stagedFiles(registry)) {
        this.emitFile({
          type: 'asset',
          fileName,
          source: await readFile(path.join(stagingDir(), fileName)),
        });
      }
    },
    async closeBundle() {
      if (command === 'build') await rm(path.join(root, CACHE_DIR), { recursive: true, force: true });
    },
    async configureServer(server) {
      // Staging takes a second or two; a bad manifest stops the dev server with the manifest error.
      await stage();
      const modelsDir = path.join(stagingDir(), 'models');
      const serve: Connect.NextHandleFunction = (req, res, next) => {
        const url = req.url ?? '';
        if (!url.startsWith(URL_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
        let relative: string;
        try {
          relative = decodeURIComponent(url.slice(URL_PREFIX.length).split(/[?#]/)[0]!);
        } catch {
          relative = '';
        }
        const file = path.resolve(modelsDir, relative);
        const notFound = (): void => {
          res.statusCode = 404;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end(`Not found: ${url}`);
        };
        if (!relative || !file.startsWith(modelsDir + path.sep)) return notFound();
        stat(file).then(
          (info) => {
            if (!info.isFile()) return notFound();
            res.statusCode = 200;
            res.setHeader('Content-Type', contentType(file));
            res.setHeader('Content-Length', info.size);
            res.setHeader('Cache-Control', 'no-cache');
            if (req.method === 'HEAD') return res.end();
            createReadStream(file).pipe(res);
          },
          () => notFound(),
        );
      };
      server.middlewares.use(serve);
    },
  };
}
