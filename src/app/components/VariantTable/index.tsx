import { formatBytes } from '../../../shared/format';
import { variantBytes, type ModelManifest } from '../../../shared/model-registry';
import type {
  QuantAccuracy,
  QuantTradeoff,
  VariantTradeoff,
} from '../../../features/bench/shared/quant-suite';

const BACKEND_LABEL: Record<QuantTradeoff['backend'], string> = {
  wasm: 'WebAssembly',
  webgl: 'WebGL',
  webgpu: 'WebGPU',
};

/** A model's measured variants, with the summary they come from. */
export interface ModelTradeoff {
  summary: QuantTradeoff;
  model: QuantTradeoff['models'][string];
}

interface VariantTableProps {
  model: ModelManifest;
  /** The measured trade-off of this model's variants, when the quantization bench covers it. */
  tradeoff?: ModelTradeoff | undefined;
}

/** A variant's model call against the reference's, in words; inside the reference's p10–p90 it is noise. */
function speed({ latencyMs, speedRatio }: VariantTradeoff, reference: VariantTradeoff | undefined): string {
  const ms = `${latencyMs < 10 ? latencyMs.toFixed(1) : Math.round(latencyMs)} ms`;
  if (!reference || reference.latencyMs === latencyMs) return ms;
  if (latencyMs >= reference.p10Ms && latencyMs <= reference.p90Ms) return `${ms}, about the same`;
  return speedRatio < 1
    ? `${ms}, ${(1 / speedRatio).toFixed(1)}× faster`
    : `${ms}, ${speedRatio.toFixed(1)}× slower`;
}

const percent = (fraction: number): string =>
  `${(fraction * 100).toFixed(fraction < 0.01 ? 2 : fraction < 0.1 ? 1 : 0)}%`;

/** What changes against the reference's outputs on the same photos, in words. */
function change(accuracy: QuantAccuracy): string {
  if (accuracy.kind === 'face') {
    if (accuracy.meanIou === 1 && accuracy.meanScoreDiff === 0 && accuracy.countChanged === 0)
      return 'no change: the same faces, boxes and scores';
    const count =
      accuracy.countChanged === 0
        ? 'same faces found'
        : `${accuracy.faces} of ${accuracy.referenceFaces} faces found; count differs on ${accuracy.countChanged} of ${accuracy.photos} photos`;
    return `boxes overlap ${percent(accuracy.meanIou)} (IoU), scores ±${accuracy.meanScoreDiff.toFixed(3)}; ${count}`;
  }
  if (accuracy.maxError === 0 && accuracy.meanScoreDiff === 0)
    return 'no change: the same keypoints and scores';
  return `keypoints move ${percent(accuracy.meanError)} of the photo (${accuracy.meanErrorPx.toFixed(1)} px) on average, scores ±${accuracy.meanScoreDiff.toFixed(2)}`;
}

/** A model's variants: weights and size, and where measured, their speed and accuracy trade-off. */
export function VariantTable({ model, tradeoff }: VariantTableProps) {
  const reference = tradeoff?.model.reference;
  const referenceMeasured = reference ? tradeoff.model.variants[reference] : undefined;
  return (
    <>
      <table class={`variants${tradeoff ? ' with-tradeoff' : ''}`} data-testid="variants">
        <caption>Variants</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Size</th>
            {tradeoff && <th scope="col">Speed</th>}
            {tradeoff && <th scope="col">Change against {reference}</th>}
          </tr>
        </thead>
        <tbody>
          {model.variants.map((variant) => {
            const measured = tradeoff?.model.variants[variant.id];
            const isReference = variant.id === reference;
            return (
              <tr key={variant.id} data-variant={variant.id}>
                <th scope="row">
                  {variant.id}
                  {variant.id === model.defaultVariant ? ' (default)' : ''}
                  <span class="muted small variant-weights">{variant.quantization}</span>
                </th>
                <td data-label="Size" class="nowrap">
                  {formatBytes(variantBytes(variant))}
                </td>
                {tradeoff && (
                  <td data-label="Speed" data-testid="variant-speed">
                    {measured ? speed(measured, referenceMeasured) : 'not measured'}
                  </td>
                )}
                {tradeoff && (
                  <td data-label="Change" data-testid="variant-change">
                    {!measured ? 'not measured' : isReference ? 'reference' : change(measured.accuracy)}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {tradeoff && (
        <p class="muted small tradeoff-source" data-testid="tradeoff-source">
          Speed: the median model call on {BACKEND_LABEL[tradeoff.summary.backend]} in one run of{' '}
          <code>npm run bench -- --suite quant</code>. Change: against {reference}&apos;s output on the same{' '}
          {tradeoff.model.photos} test photos. Measured {tradeoff.summary.date} on {tradeoff.summary.machine}{' '}
          ({tradeoff.summary.source}); your device will differ.
        </p>
      )}
    </>
  );
}
