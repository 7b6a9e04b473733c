/** The face suite on this device: BlazeFace on the camera, model alone against the whole frame, and the live loop's rate. */
import { cameraFeed, framePath } from '../../../../media/camera-frames';
import { stopStream } from '../../../../media/camera';
import { InferenceClient } from '../../../../runtime/inference-client';
import { errorMessage } from '../../../../shared/errors';
import { faceLiveRows, faceRows } from '../../shared/face-rows';
import {
  DEFAULT_FACE_LIVE,
  DEFAULT_FACE_SUITE,
  QUICK_FACE_LIVE,
  QUICK_FACE_SUITE,
  type FaceBackend,
} from '../../shared/face-suite';
import { runFaceLive } from '../../run/face-live-run';
import { loadOurFaceRunner, runFaceSuite } from '../../run/face-run';
import { FACE_MODEL_IDS } from '../../../face/shared/config';
import { cameraSuite, grabFrames, graphUrl, openSuiteCamera, suiteResult } from './common';

/** The detector the face suite times: the app's bundled short-range BlazeFace. */
const FACE_MODEL_ID = FACE_MODEL_IDS.short;
/** Camera frames timed per backend. */
const FACE_FRAMES = 30;

export const faceSuite = cameraSuite({
  id: 'face',
  title: 'Face detection',
  description:
    'BlazeFace on your camera: the model alone against the whole frame (in → boxes), and sustained frames per second.',
  async run({ quick, backends, log }) {
    const url = await graphUrl(FACE_MODEL_ID);
    const stream = await openSuiteCamera();
    try {
      const frames = await grabFrames(stream, quick ? 10 : FACE_FRAMES);
      const config = {
        ...(quick ? QUICK_FACE_SUITE : DEFAULT_FACE_SUITE),
        backends: backends.filter((b): b is FaceBackend => b !== undefined),
      };
      const result = await runFaceSuite(
        { ours: (backend) => loadOurFaceRunner(() => new InferenceClient(), url, backend) },
        { frames, photos: [], model: FACE_MODEL_ID },
        config,
        log,
      );
      frames.forEach((frame) => frame.close());
      const { rows, ratios, notes } = faceRows(result);
      // Sustained rate on the camera: the app's live loop on the first backend chosen.
      const liveBackend = backends[0] ?? 'wasm';
      const client = new InferenceClient();
      const controller = new AbortController();
      try {
        const detector = await client.load({ engine: 'tfjs', url, backend: liveBackend });
        const [track] = stream.getVideoTracks();
        if (!track) throw new Error('The camera gave no video track.');
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.srcObject = stream;
        await video.play();
        const { width = 640, height = 480, frameRate } = track.getSettings();
        const live = await runFaceLive(
          client,
          detector,
          cameraFeed(await framePath(client), track, video, controller.signal),
          new OffscreenCanvas(width, height),
          quick ? QUICK_FACE_LIVE : DEFAULT_FACE_LIVE,
          frameRate ?? null,
          log,
        );
        const { row, note } = faceLiveRows(live);
        rows.push(row);
        notes.push(note);
      } catch (error) {
        notes.push(`Camera loop: ${errorMessage(error)}`);
      } finally {
        controller.abort();
        client.terminate();
      }
      return suiteResult('face', quick, { rows, ratios, notes });
    } finally {
      stopStream(stream);
    }
  },
});
