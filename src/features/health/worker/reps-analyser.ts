/** One workout, frame by frame: MoveNet finds the pose, the rep counter counts, the skeleton is drawn. */
import type { Context } from '../../face/shared/draw';
import type { ModelRunner } from '../../face/worker/detect-faces';
import type { Backend } from '../../../shared/backends';
import { drawSkeleton } from './draw';
import type { Exercise, HealthViewOptions, RepsReport } from '../shared/types';
import { estimatePose } from './pose';
import { createRepCounter, type RepCounter } from './rep-counter';

export class RepsAnalyser {
  private readonly counter: RepCounter;

  constructor(
    private readonly run: ModelRunner,
    private readonly pose: number,
    private readonly exercise: Exercise,
    private readonly backend: () => Backend,
  ) {
    this.counter = exercise === 'squat' ? createRepCounter('squat') : createRepCounter('jumping-jack');
  }

  async frame(
    frame: VideoFrame,
    ctx: Context,
    view: HealthViewOptions,
    dropped: number,
  ): Promise<RepsReport> {
    const started = performance.now();
    const pose = await estimatePose(this.run, this.pose, frame);
    const update = this.counter.update(pose.keypoints);
    drawSkeleton(ctx, pose.width, pose.height, pose.keypoints, view);
    return {
      exercise: this.exercise,
      count: update.count,
      phase: update.state,
      angle: update.angle,
      keypoints: pose.keypoints,
      width: pose.width,
      height: pose.height,
      timings: { ...pose.timings, total: performance.now() - started },
      dropped,
      backend: this.backend(),
    };
  }
}
