import type { ComponentChildren } from 'preact';
import { Icon } from '../../../app/components/Icon';
import type { CameraTask } from './camera-task';

interface CameraStageProps {
  task: CameraTask;
  /** True from the start press until the camera stops. */
  live: boolean;
  starting: boolean;
  label: string;
  /** What the empty stage says before a start. */
  children: ComponentChildren;
}

/** The mirrored front-camera picture with the worker's overlay canvas over it, or an empty stage. */
export function CameraStage({ task, live, starting, label, children }: CameraStageProps) {
  return (
    <div class="camera-stage" data-source={live ? 'camera' : 'none'}>
      <div class="camera-live" hidden={!live}>
        <video
          ref={(video) => {
            task.video = video;
          }}
          class="camera-video mirrored"
          muted
          playsInline
          aria-label={label}
        />
        <canvas
          key={task.liveKey.value}
          ref={(canvas) => {
            task.overlay = canvas;
          }}
          class="camera-overlay"
          aria-hidden="true"
        />
      </div>
      {!live && (
        <div class="camera-empty">
          <Icon name="health" size={40} />
          <p>{children}</p>
        </div>
      )}
      {(task.loading.value || starting) && (
        <div class="camera-busy" role="status">
          {task.loading.value ?? 'Starting the camera…'}
        </div>
      )}
    </div>
  );
}

/** What the action row drives: both health sessions have these. */
interface StageSession {
  start(): Promise<void>;
  finish(): Promise<void>;
  stop(): void;
}

interface StageActionsProps {
  session: StageSession;
  live: boolean;
  /** Finish is offered only once the task runs (not while the camera starts). */
  running: boolean;
  startLabel: string;
  startTestId: string;
  finishLabel: string;
  finishTestId?: string;
  /** More controls at the end of the row. */
  children?: ComponentChildren;
}

/** Start before a task; Finish and Cancel while it is live. */
export function StageActions({
  session,
  live,
  running,
  startLabel,
  startTestId,
  finishLabel,
  finishTestId,
  children,
}: StageActionsProps) {
  return (
    <div class="actions-row">
      {live ? (
        <>
          <button
            type="button"
            class="button primary"
            data-testid={finishTestId}
            disabled={!running}
            onClick={() => void session.finish()}
          >
            <Icon name="check" size={18} /> {finishLabel}
          </button>
          <button type="button" class="button" onClick={() => session.stop()}>
            <Icon name="stop" size={18} /> Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          class="button primary"
          data-testid={startTestId}
          onClick={() => void session.start()}
        >
          <Icon name="camera" size={18} /> {startLabel}
        </button>
      )}
      {children}
    </div>
  );
}

/** The camera and other errors of a task, each with its own test id. */
export function TaskErrors({ task }: { task: CameraTask }) {
  const cameraError = task.cameraError.value;
  return (
    <>
      {cameraError && (
        <p class="error" role="alert" data-testid="camera-error" data-code={cameraError.code}>
          {cameraError.message}
        </p>
      )}
      {task.error.value && (
        <p class="error" role="alert" data-testid="health-error">
          {task.error.value}
        </p>
      )}
    </>
  );
}
