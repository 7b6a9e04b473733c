/**
 * The quantization suite's result as the Bench page's rows: each variant's model call per
 * backend, its accuracy against the reference variant on the same frames, and its files' size;
 * speed ratios against the reference on the same backend; and, in words, what did not run.
 */
import type { Precision } from '../../../shared/model-registry';
import { msRow, type DeviceResult, type ResultRow } from './device-result';
import type { QuantModelId, QuantSuiteResult } from './quant-suite';
import { summarize } from './stats';

/** The models as the page names them. */
export const QUANT_MODEL_TITLE: Record<QuantModelId, string> = {
  'blazeface-short': 'BlazeFace short',
  'blazeface-full': 'BlazeFace full',
  'movenet-lightning': 'MoveNet Lightning',
};

/** The backend column of a row that is the same on every backend (a file's size). */
export const ANY_BACKEND = 'any';

const MB = 1e6;

/** An error message as a sentence: with its full stop. */
const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

export interface QuantRowsOptions {
  /** True when this variant is stored on the device for offline use; unknown when omitted. */
  stored?: (model: QuantModelId, variant: Precision) => boolean;
}

/** Rows, ratios and notes of one quantization run, in the order of the result's models and variants. */
export function quantRows(
  result: QuantSuiteResult,
  { stored }: QuantRowsOptions = {},
): Pick<DeviceResult, 'rows' | 'ratios' | 'notes'> {
  const rows: ResultRow[] = [];
  const ratios: DeviceResult['ratios'] = [];
  const notes: string[] = [];
  for (const model of result.models) {
    const title = QUANT_MODEL_TITLE[model.id];
    const runs = result.runs.filter((r) => r.model === model.id);
    for (const run of runs) {
      const name = `${title} ${run.variant}`;
      if (run.error) {
        const offline =
          stored && !stored(model.id, run.variant)
            ? ' It is not stored on this device, so it needs a connection.'
            : '';
        notes.push(`${name} did not run on ${run.backend}: ${sentence(run.error)}${offline}`);
        continue;
      }
      if (run.samples.length === 0) continue;
      rows.push(msRow(`${name}, model call`, run.ranOn, run.latencyMs));
      if (run.variant !== model.reference && Number.isFinite(run.latencyRatio))
        ratios.push({ label: `${name} / ${model.reference} on ${run.ranOn}`, value: run.latencyRatio });
    }
    for (const run of runs) {
      const accuracy = run.accuracy;
      if (!accuracy || run.samples.length === 0) continue;
      const name = `${title} ${run.variant}`;
      if (accuracy.kind === 'face' && accuracy.referenceFaces === 0) {
        if (run.variant === model.reference)
          notes.push(
            `${name} on ${run.ranOn}: ${model.reference} found no face in the frames, so box accuracy is not measured.`,
          );
        continue;
      }
      rows.push(
        accuracy.kind === 'face'
          ? {
              metric: `${name}, box IoU vs ${model.reference}`,
              backend: run.ranOn,
              unit: '%',
              lowerIsBetter: false,
              summary: summarize([accuracy.meanIou * 100]),
            }
          : {
              metric: `${name}, keypoint error vs ${model.reference}`,
              backend: run.ranOn,
              unit: '%',
              lowerIsBetter: true,
              summary: summarize([accuracy.meanError * 100]),
            },
      );
      if (accuracy.kind === 'face' && accuracy.countChanged > 0)
        notes.push(
          `${name} on ${run.ranOn} found a different number of faces than ${model.reference} on ` +
            `${accuracy.countChanged} of ${accuracy.photos} frames.`,
        );
    }
    for (const variant of model.variants)
      rows.push({
        metric: `${title} ${variant.id}, size`,
        backend: ANY_BACKEND,
        unit: 'MB',
        lowerIsBetter: true,
        summary: summarize([variant.totalBytes / MB]),
      });
    const reference = runs.find((r) => r.variant === model.reference && !r.error);
    if (runs.length > 0 && !reference)
      notes.push(
        `${title}: the reference variant (${model.reference}) did not run, so accuracy is not measured.`,
      );
  }
  return { rows, ratios, notes };
}
