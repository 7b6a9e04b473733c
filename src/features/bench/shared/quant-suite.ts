/**
 * The quantization suite's inputs, settings, result types and accuracy measures, shared by the
 * bench harness, the Bench page and the Models page. Every variant of a model runs on the same
 * photos as its reference variant (the published precision), on the same backend, in one run.
 */
import type { Precision } from '../../../shared/model-registry';
import { iou } from '../../face/shared/box';
import type { Summary } from './stats';

export const QUANT_MODELS = ['blazeface-short', 'blazeface-full', 'movenet-lightning'] as const;
export type QuantModelId = (typeof QUANT_MODELS)[number];
export type QuantBackend = 'wasm' | 'webgl' | 'webgpu';
export type QuantKind = 'face' | 'pose';

/** What each model does with a photo, and the variant the others are compared against. */
export const QUANT_MODEL_INFO: Record<QuantModelId, { kind: QuantKind; reference: Precision }> = {
  'blazeface-short': { kind: 'face', reference: 'fp32' },
  'blazeface-full': { kind: 'face', reference: 'fp32' },
  // MoveNet is published with float16 weights; there is no float32 original to compare with.
  'movenet-lightning': { kind: 'pose', reference: 'fp16' },
};

/** A region of an image file the bench serves (by file name), in its pixels: [x, y, width, height]. */
export interface QuantPhoto {
  name: string;
  file: string;
  crop: [number, number, number, number];
}

/** The face photos of the end-to-end tests (tests/fixtures/face/photos.json), from @vladmandic/human's assets. */
export const QUANT_FACE_PHOTOS: readonly QuantPhoto[] = [
  { name: 'one-man', file: 'screenshot-faceid.jpg', crop: [14, 142, 138, 138] },
  { name: 'five-portraits', file: 'screenshot-facedetect.jpg', crop: [5, 345, 790, 155] },
  { name: 'group-of-five', file: 'screenshot-facedetect.jpg', crop: [307, 93, 198, 150] },
  { name: 'twelve-thumbnails', file: 'screenshot-facematch.jpg', crop: [428, 730, 638, 222] },
];

/**
 * Whole bodies from @vladmandic/human's assets: four standing people from the thumbnail row of
 * samples.jpg (a rendered model, then three photos) and the rendered avatar of screenshot-vrm.jpg.
 */
export const QUANT_BODY_PHOTOS: readonly QuantPhoto[] = [
  { name: 'rendered-woman', file: 'samples.jpg', crop: [2, 2, 156, 154] },
  { name: 'woman-red-skirt', file: 'samples.jpg', crop: [549, 2, 81, 154] },
  { name: 'woman-by-wall', file: 'samples.jpg', crop: [645, 2, 141, 154] },
  { name: 'woman-on-stool', file: 'samples.jpg', crop: [801, 2, 100, 154] },
  { name: 'avatar', file: 'screenshot-vrm.jpg', crop: [30, 20, 230, 613] },
];

export interface QuantSuiteConfig {
  models: QuantModelId[];
  backends: QuantBackend[];
  /** Untimed inferences per variant after loading (the worker's load already ran one on zeros). */
  warmup: number;
  /** Timed rounds per model and backend; each round runs every variant once, in a rotating order. */
  runs: number;
  /** No new round on a model and backend after this long (software WebGL/WebGPU is slow); one always runs. */
  budgetMs: number;
}

export const DEFAULT_QUANT_SUITE: QuantSuiteConfig = {
  models: [...QUANT_MODELS],
  backends: ['wasm', 'webgl', 'webgpu'],
  warmup: 3,
  runs: 20,
  budgetMs: 60_000,
};

/** `--quick`: enough to prove the suite works, not to measure. */
export const QUICK_QUANT_SUITE: QuantSuiteConfig = {
  models: ['blazeface-short', 'movenet-lightning'],
  backends: ['wasm'],
  warmup: 0,
  runs: 1,
  budgetMs: 30_000,
};

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a face model found in one photo (boxes in photo pixels). */
export interface FaceOutput {
  kind: 'face';
  width: number;
  height: number;
  faces: { box: Box; score: number }[];
}

/** The keypoints a pose model found in one photo (photo pixels). */
export interface PoseOutput {
  kind: 'pose';
  width: number;
  height: number;
  keypoints: { x: number; y: number; score: number }[];
}

export type QuantOutput = FaceOutput | PoseOutput;

/** A face variant against its reference, over every photo. */
export interface FaceAccuracy {
  kind: 'face';
  photos: number;
  /** Faces the reference found, and this variant found, over all photos. */
  referenceFaces: number;
  faces: number;
  /** Photos where the variant found a different number of faces. */
  countChanged: number;
  /** Mean over the reference's faces of the best IoU with any of the variant's faces (0 when none). */
  meanIou: number;
  /** Mean |score difference| between each reference face and its best match. */
  meanScoreDiff: number;
}

/** A pose variant against its reference, over every photo and keypoint. */
export interface PoseAccuracy {
  kind: 'pose';
  photos: number;
  keypoints: number;
  /** Mean distance between matching keypoints, in photo pixels and as a fraction of the photo's longer side. */
  meanErrorPx: number;
  meanError: number;
  /** The largest single keypoint's distance, as a fraction of the longer side. */
  maxError: number;
  /** Mean |keypoint score difference|. */
  meanScoreDiff: number;
}

export type QuantAccuracy = FaceAccuracy | PoseAccuracy;

/** One variant's files as the registry lists them. */
export interface QuantVariantInfo {
  id: Precision;
  quantization: string;
  /** The weight files (.bin), and every file with the model.json. */
  weightBytes: number;
  totalBytes: number;
}

export interface QuantModelInfo {
  id: QuantModelId;
  kind: QuantKind;
  reference: Precision;
  photos: string[];
  variants: QuantVariantInfo[];
}

/** One variant of one model on one backend. */
export interface QuantRun {
  model: QuantModelId;
  variant: Precision;
  backend: QuantBackend;
  ranOn: string;
  loadMs: number;
  /** Model calls only, as the page sees them (through the bridge), one per photo. */
  samples: number[];
  latencyMs: Summary;
  /** This variant's median over the reference variant's median, same model, backend and run. */
  latencyRatio: number;
  /** Against the reference variant's outputs on the same backend; the reference against itself. */
  accuracy: QuantAccuracy | null;
  error?: string;
}

export interface QuantSuiteResult {
  suite: 'quant';
  config: QuantSuiteConfig;
  models: QuantModelInfo[];
  runs: QuantRun[];
  backends: string[];
}

const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;

/** Each reference face matched to the variant's face of highest IoU, over all photos. */
export function faceAccuracy(reference: readonly FaceOutput[], other: readonly FaceOutput[]): FaceAccuracy {
  if (reference.length !== other.length) throw new RangeError('Both sides need the same photos.');
  const ious: number[] = [];
  const scoreDiffs: number[] = [];
  let countChanged = 0;
  reference.forEach((ref, i) => {
    const faces = other[i]!.faces;
    if (faces.length !== ref.faces.length) countChanged += 1;
    for (const face of ref.faces) {
      let best: { iou: number; score: number } | null = null;
      for (const candidate of faces) {
        const overlap = iou(face.box, candidate.box);
        if (!best || overlap > best.iou) best = { iou: overlap, score: candidate.score };
      }
      ious.push(best?.iou ?? 0);
      if (best && best.iou > 0) scoreDiffs.push(Math.abs(face.score - best.score));
    }
  });
  return {
    kind: 'face',
    photos: reference.length,
    referenceFaces: reference.reduce((n, r) => n + r.faces.length, 0),
    faces: other.reduce((n, r) => n + r.faces.length, 0),
    countChanged,
    meanIou: mean(ious),
    meanScoreDiff: mean(scoreDiffs),
  };
}

/** Keypoint by keypoint distance between two poses of the same photos. */
export function poseAccuracy(reference: readonly PoseOutput[], other: readonly PoseOutput[]): PoseAccuracy {
  if (reference.length !== other.length) throw new RangeError('Both sides need the same photos.');
  const px: number[] = [];
  const fractions: number[] = [];
  const scoreDiffs: number[] = [];
  reference.forEach((ref, i) => {
    const side = Math.max(ref.width, ref.height);
    ref.keypoints.forEach((k, j) => {
      const o = other[i]!.keypoints[j];
      if (!o) throw new RangeError(`Photo ${i} has no keypoint ${j} on one side.`);
      const distance = Math.hypot(k.x - o.x, k.y - o.y);
      px.push(distance);
      fractions.push(distance / side);
      scoreDiffs.push(Math.abs(k.score - o.score));
    });
  });
  return {
    kind: 'pose',
    photos: reference.length,
    keypoints: px.length,
    meanErrorPx: mean(px),
    meanError: mean(fractions),
    maxError: fractions.length ? Math.max(...fractions) : Number.NaN,
    meanScoreDiff: mean(scoreDiffs),
  };
}

/** The accuracy of `other` against `reference`, by the outputs' kind. */
export function compareOutputs(
  reference: readonly QuantOutput[],
  other: readonly QuantOutput[],
): QuantAccuracy {
  if (reference.every((r) => r.kind === 'face') && other.every((o) => o.kind === 'face'))
    return faceAccuracy(reference as FaceOutput[], other as FaceOutput[]);
  if (reference.every((r) => r.kind === 'pose') && other.every((o) => o.kind === 'pose'))
    return poseAccuracy(reference as PoseOutput[], other as PoseOutput[]);
  throw new TypeError('Outputs of different kinds cannot be compared.');
}

/** One variant's trade-off as the Models page shows it. */
export interface VariantTradeoff {
  weightBytes: number;
  /** Median model call, and that over the reference variant's median (below 1: faster). */
  latencyMs: number;
  speedRatio: number;
  /** p10 and p90 of the model call: a ratio whose median falls inside the reference's spread is noise. */
  p10Ms: number;
  p90Ms: number;
  runs: number;
  accuracy: QuantAccuracy;
}

/** The measured trade-off of each model's variants (src/shared/quantization-tradeoff.json). */
export interface QuantTradeoff {
  /** The bench result it was taken from, the day it was measured and the machine, in words. */
  source: string;
  date: string;
  machine: string;
  backend: QuantBackend;
  models: Record<
    string,
    { reference: Precision; photos: number; variants: Partial<Record<Precision, VariantTradeoff>> }
  >;
}

/**
 * The accuracy each variant is held to against its reference on the bench's photos (the tests
 * fail a run below it). Set from the measured values (bench/results/*-quant.json: the same on
 * WASM, WebGL and WebGPU) with a margin for backend rounding: fp16 keeps every face and
 * keypoint; one-scale-per-tensor uint8 loses 3 of 10 faces on BlazeFace short (mean IoU 0.66)
 * and moves MoveNet's keypoints by 18 % of the photo, which is why neither uint8 is a default.
 */
export interface StatedAccuracy {
  /** Face models: the least mean IoU of the reference's faces, and the most photos whose count changed. */
  minMeanIou?: number;
  maxCountChanged?: number;
  /** Pose models: the largest mean keypoint error, as a fraction of the photo's longer side. */
  maxMeanError?: number;
}

export const STATED_ACCURACY: Record<QuantModelId, Partial<Record<Precision, StatedAccuracy>>> = {
  'blazeface-short': {
    fp32: { minMeanIou: 1, maxCountChanged: 0 },
    fp16: { minMeanIou: 0.98, maxCountChanged: 0 },
    uint8: { minMeanIou: 0.6, maxCountChanged: 3 },
  },
  'blazeface-full': {
    fp32: { minMeanIou: 1, maxCountChanged: 0 },
    fp16: { minMeanIou: 0.98, maxCountChanged: 0 },
    uint8: { minMeanIou: 0.9, maxCountChanged: 0 },
  },
  'movenet-lightning': {
    fp16: { maxMeanError: 0 },
    uint8: { maxMeanError: 0.25 },
  },
};

/**
 * How a variant's measured accuracy falls short of what is stated for it, one line per way;
 * empty when it holds. A variant with nothing stated, or no accuracy measured, falls short.
 */
export function accuracyShortfall(
  model: QuantModelId,
  variant: Precision,
  accuracy: QuantAccuracy | null,
): string[] {
  const stated = STATED_ACCURACY[model][variant];
  const name = `${model} ${variant}`;
  if (!stated) return [`${name}: no accuracy is stated for it`];
  if (!accuracy) return [`${name}: no accuracy was measured`];
  const short: string[] = [];
  if (accuracy.kind === 'face') {
    if (stated.minMeanIou === undefined) return [`${name}: a face accuracy was measured for a pose model`];
    if (!(accuracy.meanIou >= stated.minMeanIou))
      short.push(`${name}: mean IoU ${accuracy.meanIou.toFixed(3)} is under ${stated.minMeanIou}`);
    if (!(accuracy.countChanged <= (stated.maxCountChanged ?? 0)))
      short.push(`${name}: ${accuracy.countChanged} photos found another number of faces`);
  } else {
    if (stated.maxMeanError === undefined) return [`${name}: a pose accuracy was measured for a face model`];
    if (!(accuracy.meanError <= stated.maxMeanError))
      short.push(
        `${name}: mean keypoint error ${accuracy.meanError.toFixed(3)} is over ${stated.maxMeanError}`,
      );
  }
  return short;
}
