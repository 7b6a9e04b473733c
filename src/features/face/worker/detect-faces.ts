/**
 * The face pipeline, one pure step after another: letterbox → model → split outputs → decode
 * with SSD anchors → weighted NMS → project back to the frame. Mesh: rotated crop per face →
 * FaceMesh → landmarks in frame pixels.
 */
import type { TensorData } from '../../../worker/types';
import { FACE_DETECTOR_CONFIGS, FACE_MESH_INPUT_SIZE } from '../shared/config';
import type { Box, DetectOptions, FaceDetection, FaceMesh, FaceResult, StageTimings } from '../shared/types';
import { generateAnchors } from './anchors';
import { decodeDetections } from './decode';
import { letterbox } from './letterbox';
import { faceFlagScore, frameToCropMatrix, meshCrop, projectMesh } from './mesh-crop';
import { weightedNms } from './nms';
import { cropPixels, frameSize, letterboxInput, letterboxPixels, type FrameSource } from './pixels';
import { TILE_MIN_SIDE_FACTOR, fromTile, photoTiles } from './tiles';
import { projectToFrame } from './project';
import { splitOutputs } from './raw-outputs';

/** Runs a loaded model on plain tensors (the worker's own run, with its backend fallback). */
export type ModelRunner = (handle: number, inputs: TensorData[]) => Promise<TensorData[]>;

function floatOutputs(outputs: TensorData[]): { shape: number[]; data: Float32Array }[] {
  return outputs.map((output) => {
    if (output.dtype !== 'float32') throw new Error(`Expected float32 outputs, got ${output.dtype}.`);
    return output;
  });
}

/** One pass of the detector over the frame, or over `region` of it; detections in frame (or region) pixels. */
async function detectOnce(
  run: ModelRunner,
  handle: number,
  frame: FrameSource,
  options: DetectOptions,
  region: Box | undefined,
  timings: StageTimings,
): Promise<FaceDetection[]> {
  const started = performance.now();
  const config = FACE_DETECTOR_CONFIGS[options.mode];
  const size = config.inputSize;
  const { width, height } = region ?? frameSize(frame);
  const box = letterbox(width, height, size);
  const data = region ? letterboxPixels(frame, box, size, region) : await letterboxInput(frame, box, size);
  const preDone = performance.now();
  // BlazeFace: [1, size, size, 3] in [-1, 1] → scores [1, 512, 1] + [1, 384, 1], boxes [1, 512, 16] + [1, 384, 16].
  const outputs = await run(handle, [{ dtype: 'float32', shape: [1, size, size, 3], data }]);
  const modelDone = performance.now();
  const raw = splitOutputs(floatOutputs(outputs), config);
  const threshold = options.scoreThreshold ?? config.minScore;
  const candidates = decodeDetections(raw, generateAnchors(config), config, threshold);
  const merged = weightedNms(candidates, config.iouThreshold);
  const faces = projectToFrame(merged, box, size, width, height);
  timings.pre += preDone - started;
  timings.model += modelDone - preDone;
  timings.post += performance.now() - modelDone;
  return faces;
}

/** Finds the faces in one frame; the caller owns (and closes) the frame. */
export async function detectFaces(
  run: ModelRunner,
  handle: number,
  frame: FrameSource,
  options: DetectOptions,
): Promise<FaceResult> {
  const config = FACE_DETECTOR_CONFIGS[options.mode];
  const { width, height } = frameSize(frame);
  const timings: StageTimings = { pre: 0, model: 0, post: 0 };
  let faces = await detectOnce(run, handle, frame, options, undefined, timings);
  // Tiles add detail only when the photo has more pixels than one pass at the input size sees.
  if (options.tiles && Math.max(width, height) > TILE_MIN_SIDE_FACTOR * config.inputSize) {
    const found = [...faces];
    for (const tile of photoTiles(width, height)) {
      const inTile = await detectOnce(run, handle, frame, options, tile, timings);
      found.push(...fromTile(inTile, tile, width, height));
    }
    const started = performance.now();
    faces = weightedNms(found, config.iouThreshold);
    timings.post += performance.now() - started;
  }
  if (options.maxFaces !== undefined) faces = faces.slice(0, options.maxFaces);
  return { faces, width, height, mode: options.mode, timings };
}

/** 468 landmarks for each face, from a crop rotated so the eyes are level. */
export async function faceMeshes(
  run: ModelRunner,
  handle: number,
  frame: FrameSource,
  faces: FaceDetection[],
): Promise<FaceMesh[]> {
  const size = FACE_MESH_INPUT_SIZE;
  const meshes: FaceMesh[] = [];
  for (const face of faces) {
    const crop = meshCrop(face);
    const data = cropPixels(frame, frameToCropMatrix(crop, size), size);
    // FaceMesh: [1, 192, 192, 3] in [0, 1] → mesh [1, 1404], face flag [1, 1], contours [1, 266].
    const outputs = floatOutputs(await run(handle, [{ dtype: 'float32', shape: [1, size, size, 3], data }]));
    const mesh = outputs.find((o) => o.shape.at(-1) === 1404);
    const flag = outputs.find((o) => o.shape.at(-1) === 1);
    if (!mesh || !flag) throw new Error('The face mesh model returned unexpected outputs.');
    meshes.push({ score: faceFlagScore(flag.data[0]!), landmarks: projectMesh(mesh.data, crop, size) });
  }
  return meshes;
}
