/**
 * How both health sessions start a task: the front camera, then any other input, then the
 * models, then the worker; the task's clock starts once the worker runs it. A failure on the
 * way stops everything and is shown, so each session only names its steps.
 */
import type { Signal } from '@preact/signals';
import type { inference } from '../../../runtime/models';
import type { HealthReport } from '../../../worker/types';
import { CameraTask } from './camera-task';

type TaskRequest = Parameters<ReturnType<typeof inference>['startHealth']>[0];

/** The session-specific steps of a start, in the order they run. */
export interface LaunchSteps {
  /** Opens what else the task needs once the camera is on; false when the session stopped meanwhile. */
  afterCamera?: (stream: MediaStream) => Promise<boolean>;
  /** What the stage says while the models load. */
  loading: string;
  /** Loads the models and says what the worker runs on each frame. */
  task: () => Promise<TaskRequest>;
  onReport: (report: HealthReport) => void;
  /** The task's name in the error when the worker stops it: "The <what> stopped: …". */
  what: string;
}

export abstract class TimedCameraTask<State extends string> extends CameraTask {
  abstract readonly state: Signal<State>;

  /** When the worker started the task: performance.now() for its length, Date.now() for the journal. */
  protected startedAt = 0;
  protected startedEpoch = 0;

  /**
   * Runs the steps while the state stays 'starting', then moves it to `running`. False when the
   * session was stopped on the way or a step failed (then stopped, with the failure shown).
   */
  protected async launch(running: State, steps: LaunchSteps): Promise<boolean> {
    try {
      const stream = await this.openFrontCamera(() => this.state.value === 'starting');
      if (!stream) return false;
      if (steps.afterCamera && !(await steps.afterCamera(stream))) return false;
      this.loading.value = steps.loading;
      const task = await steps.task();
      this.loading.value = null;
      if (this.stream !== stream) return false;
      const started = await this.runInWorker(stream, task, steps.onReport, steps.what);
      if (!started) return false;
      this.startedAt = performance.now();
      this.startedEpoch = Date.now();
      this.state.value = running;
      return true;
    } catch (error) {
      this.stop();
      this.failed(error);
      return false;
    }
  }
}
