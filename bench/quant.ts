/**
 * The bench harness page for quantization: the staged variants of BlazeFace and MoveNet, run
 * through the app's inference worker (a fresh one per backend) and decoded by the app's own face
 * and pose pipelines. `npm run bench -- --suite quant` stages the variants and the photos under
 * /bench-models/quant/ and calls window.offgridBench.quant().
 */
import { runQuantSuite } from '../src/features/bench/run/quant-run';
import { openQuantEngine, quantInfer, quantVariants } from '../src/features/bench/run/quant-deps';
import {
  DEFAULT_QUANT_SUITE,
  QUANT_BODY_PHOTOS,
  QUANT_FACE_PHOTOS,
  QUANT_MODEL_INFO,
  QUICK_QUANT_SUITE,
  type QuantModelId,
  type QuantPhoto,
  type QuantSuiteConfig,
  type QuantSuiteResult,
} from '../src/features/bench/shared/quant-suite';
import type { ModelManifest, Registry } from '../src/shared/model-registry';

/** Where the suite stages the variants (models/…) and copies the photos (media/…). */
export const QUANT_BASE = '/bench-models/quant/';

/** What this page adds to window.offgridBench (each harness page declares only its own call). */
interface QuantBench {
  /** `quick`: the suite's few-run settings; the rest overrides single settings. */
  quant(options?: { quick?: boolean } & Partial<QuantSuiteConfig>): Promise<QuantSuiteResult>;
}

const base = (): URL => new URL(QUANT_BASE, location.href);
/** A registry URL (`/models/…`) under the bench's staging folder. */
const staged = (url: string): string => new URL(`.${url}`, base()).href;

async function registry(): Promise<Registry> {
  const response = await fetch(new URL('models/registry.json', base()));
  if (!response.ok) throw new Error(`No staged registry (${response.status}); run it through npm run bench.`);
  return (await response.json()) as Registry;
}

async function loadPhotos(list: readonly QuantPhoto[]): Promise<ImageBitmap[]> {
  return Promise.all(
    list.map(async ({ file, crop: [x, y, w, h] }) => {
      const response = await fetch(new URL(`media/${file}`, base()));
      if (!response.ok) throw new Error(`No photo ${file} (${response.status}).`);
      return createImageBitmap(await response.blob(), x, y, w, h);
    }),
  );
}

const photoList = (model: QuantModelId): readonly QuantPhoto[] =>
  QUANT_MODEL_INFO[model].kind === 'face' ? QUANT_FACE_PHOTOS : QUANT_BODY_PHOTOS;

const bench: QuantBench = {
  async quant({ quick = false, ...overrides } = {}) {
    const config = { ...(quick ? QUICK_QUANT_SUITE : DEFAULT_QUANT_SUITE), ...overrides };
    const models = new Map<string, ModelManifest>((await registry()).models.map((m) => [m.id, m]));
    const manifest = (id: QuantModelId): ModelManifest => {
      const found = models.get(id);
      if (!found) throw new Error(`${id} is not staged.`);
      return found;
    };
    const faces = await loadPhotos(QUANT_FACE_PHOTOS);
    const bodies = await loadPhotos(QUANT_BODY_PHOTOS);
    return runQuantSuite(
      {
        variants: async (id) => quantVariants(manifest(id)),
        photos: (id) => photoList(id).map((p) => p.name),
        infer: quantInfer((kind) => (kind === 'face' ? faces : bodies)),
        open: async (backend) => openQuantEngine(manifest, staged, backend),
      },
      config,
      (line) => console.warn(`[bench] ${line}`),
    );
  },
};
(window as unknown as { offgridBench: QuantBench }).offgridBench = bench;
