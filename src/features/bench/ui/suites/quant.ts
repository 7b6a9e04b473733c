/** The quantization suite on this device: each model's variants on the same camera frames, speed and accuracy. */
import { stopStream } from '../../../../media/camera';
import { installedModels } from '../../../../runtime/model-store-client';
import { registryModel } from '../../../../runtime/models';
import type { ModelManifest } from '../../../../shared/model-registry';
import { quantRows } from '../../shared/quant-rows';
import {
  DEFAULT_QUANT_SUITE,
  QUANT_MODELS,
  QUICK_QUANT_SUITE,
  type QuantModelId,
  type QuantSuiteConfig,
} from '../../shared/quant-suite';
import { runQuantSuite } from '../../run/quant-run';
import { cameraSuite, grabFrames, openSuiteCamera, suiteResult } from './common';

/** Camera frames the quantization suite runs every variant on (the same frames for each). */
const QUANT_FRAMES = 5;
const QUICK_QUANT_FRAMES = 2;

/** The page's quick run: every model, each variant timed a few times. */
const QUICK_DEVICE_QUANT_SUITE: QuantSuiteConfig = {
  ...QUICK_QUANT_SUITE,
  models: [...QUANT_MODELS],
  warmup: 1,
  runs: 3,
};

export const quantSuite = cameraSuite({
  id: 'quant',
  title: 'Quantization',
  description:
    'BlazeFace and MoveNet in full size and compressed (fp16, uint8): speed, how far the answers move on your camera, and file size.',
  async run({ quick, backends, log }) {
    const manifests = new Map<QuantModelId, ModelManifest>();
    for (const id of QUANT_MODELS) manifests.set(id, await registryModel(id));
    const manifest = (id: QuantModelId): ModelManifest => manifests.get(id)!;
    const installed = await installedModels().catch(() => new Map<string, { variant: string }>());
    // The pure pre- and post-processing steps load with the suite, not with the page.
    const { openQuantEngine, quantInfer, quantVariants } = await import('../../run/quant-deps');
    const stream = await openSuiteCamera();
    let frames: ImageBitmap[] = [];
    try {
      frames = await grabFrames(stream, quick ? QUICK_QUANT_FRAMES : QUANT_FRAMES);
      const names = frames.map((_, i) => `camera frame ${i + 1}`);
      const config: QuantSuiteConfig = {
        ...(quick ? QUICK_DEVICE_QUANT_SUITE : { ...DEFAULT_QUANT_SUITE, models: [...QUANT_MODELS] }),
        backends,
      };
      const result = await runQuantSuite(
        {
          variants: async (id) => quantVariants(manifest(id)),
          photos: () => names,
          infer: quantInfer(() => frames),
          open: async (backend) =>
            openQuantEngine(manifest, (url) => new URL(url, location.origin).href, backend),
        },
        config,
        log,
      );
      return suiteResult(
        'quant',
        quick,
        quantRows(result, { stored: (id, variant) => installed.get(id)?.variant === variant }),
      );
    } finally {
      frames.forEach((frame) => frame.close());
      stopStream(stream);
    }
  },
});
