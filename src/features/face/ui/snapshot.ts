/**
 * The face demo's snapshot: a PNG of the current picture with every face blurred (or
 * pixelated), without the overlay. For the camera, a fresh frame is taken and analysed so the
 * blur matches it exactly.
 */
import type { Signal } from '@preact/signals';
import type { Facing } from '../../../media/camera';
import { captureFrame, copyFrame } from '../../../media/frame-pump';
import { inference } from '../../../runtime/models';
import type { ModelHandle } from '../../../runtime/inference-client';
import { drawScene, type Redaction } from '../shared/draw';
import type { FaceMode, FaceResult } from '../shared/types';
import type { Source } from './session-shared';

/** What the snapshot uses of the face session. */
export interface SnapshotHost {
  readonly source: Signal<Source>;
  readonly redaction: Signal<Redaction>;
  readonly blurStyle: Signal<Exclude<Redaction, 'none'>>;
  readonly facing: Signal<Facing>;
  readonly video: HTMLVideoElement | null;
  cameraMode(): FaceMode;
  models(mode: FaceMode): Promise<{ detector: ModelHandle; mesh?: ModelHandle }>;
  options(mode: FaceMode): { mode: FaceMode; scoreThreshold?: number };
}

/** The PNG of `photo` (a photo shown) or of a fresh camera frame; null when neither is on. */
export async function snapshotPng(
  host: SnapshotHost,
  photo: { bitmap: ImageBitmap; result: FaceResult } | null,
): Promise<Blob | null> {
  const redaction = host.redaction.value === 'none' ? host.blurStyle.value : host.redaction.value;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  if (host.source.value === 'photo' && photo) {
    const { bitmap, result } = photo;
    drawScene(ctx, bitmap, bitmap.width, bitmap.height, result.faces, {
      redaction,
      showBoxes: false,
    });
  } else if (host.source.value === 'camera' && host.video) {
    const { frame } = await captureFrame(host.video);
    const keep = await copyFrame(frame);
    try {
      const mode = host.cameraMode();
      const { detector } = await host.models(mode);
      const result = await inference().detectFaces(detector, frame, host.options(mode));
      drawScene(ctx, keep, result.width, result.height, result.faces, {
        mirror: host.facing.value === 'user',
        redaction,
        showBoxes: false,
      });
    } finally {
      keep.close();
    }
  } else {
    return null;
  }
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
