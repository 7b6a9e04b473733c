import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useComputed, useSignalEffect } from '@preact/signals';
import { PageHeader } from '../../../app/components/PageHeader';
import { Icon } from '../../../app/components/Icon';
import { SelectField } from '../../../app/components/SelectField';
import { hasSeveralCameras } from '../../../media/camera';
import type { Redaction } from '../shared/draw';
import { FaceSession, type ModeChoice } from './face-session';
import { StageStats } from './StageStats';

const MODE_LABELS: Record<ModeChoice, string> = {
  auto: 'Automatic',
  short: 'Short range (selfie, 128²)',
  full: 'Full range (groups, far faces, 256²)',
};

const BLUR_LABELS: Record<Exclude<Redaction, 'none'>, string> = { blur: 'Blur', pixelate: 'Pixelate' };

/** Face detection: live camera or a photo, with overlay, privacy blur, mesh and live timings. */
export function FacePage() {
  const session = useMemo(() => new FaceSession(), []);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [several, setSeveral] = useState(false);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    session.canvas = canvasRef.current;
    session.video = videoRef.current;
    void hasSeveralCameras().then(setSeveral);
    session.warmUp();
    // Leaving the page stops the camera: tracks end and the light goes off.
    return () => session.dispose();
  }, [session]);

  // Blur changes redraw a photo at once; the live view takes every option from its next frame.
  useSignalEffect(() => {
    void session.redaction.value;
    session.redrawPhoto();
  });
  useSignalEffect(() => {
    void [session.redaction.value, session.mesh.value, session.mode.value, session.threshold.value];
    void session.optionsChanged();
  });

  const {
    source,
    camera,
    facing,
    cameraError,
    photoError,
    modelError,
    loading,
    working,
    faceCount,
    countState,
    boxes,
    backend,
    stats,
    photoInfo,
    frames,
    liveKey,
    tensors,
    meshCount,
    redaction,
    blurStyle,
    mesh,
    mode,
    threshold,
  } = session;

  const openFiles = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) void session.openPhoto(file);
  };

  const saveSnapshot = async () => {
    const blob = await session.snapshot();
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `offgrid-faces-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  // Per-frame values are bound to the DOM directly (signals as text and attributes), so a
  // new frame updates three nodes instead of re-rendering the page.
  const countText = useComputed(() => (faceCount.value === null ? '–' : String(faceCount.value)));
  const backendText = useComputed(() => backend.value ?? '–');
  const cameraOn = camera.value !== 'off';
  return (
    <>
      <PageHeader title="Face detection" icon="face">
        Find faces in the live camera or in a photo. Frames are analysed in a worker on this device; nothing
        is stored or sent.
      </PageHeader>

      <section class="card face-stage-card" aria-label="Picture">
        <div
          class={`camera-stage${dragging ? ' dragging' : ''}`}
          data-source={source.value}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            openFiles(event.dataTransfer?.files);
          }}
        >
          <div class="camera-live" hidden={source.value !== 'camera'}>
            <video
              ref={videoRef}
              class={`camera-video${facing.value === 'user' ? ' mirrored' : ''}`}
              muted
              playsInline
              aria-label="Live camera"
            />
            <canvas
              key={liveKey.value}
              ref={(canvas) => {
                session.overlay = canvas;
              }}
              class="camera-overlay"
              aria-hidden="true"
            />
          </div>
          <canvas
            ref={canvasRef}
            class="face-canvas"
            hidden={source.value !== 'photo'}
            role="img"
            aria-label="The photo with the faces found in it"
          />
          {source.value === 'none' && (
            <div class="camera-empty">
              <Icon name="face" size={40} />
              <p>Start the camera, or open or drop a photo here.</p>
            </div>
          )}
          {(loading.value || working.value || camera.value === 'starting') && (
            <div class="camera-busy" role="status">
              {loading.value ??
                (camera.value === 'starting' ? 'Starting the camera…' : 'Analysing the photo…')}
            </div>
          )}
        </div>

        <div class="actions-row">
          {cameraOn ? (
            <button type="button" class="button" onClick={() => session.stopCamera()}>
              <Icon name="stop" size={18} /> Stop camera
            </button>
          ) : (
            <button type="button" class="button primary" onClick={() => void session.startCamera()}>
              <Icon name="camera" size={18} /> Start camera
            </button>
          )}
          {cameraOn && several && (
            <button
              type="button"
              class="button"
              onClick={() => void session.startCamera(facing.value === 'user' ? 'environment' : 'user')}
            >
              <Icon name="switch" size={18} /> {facing.value === 'user' ? 'Back camera' : 'Front camera'}
            </button>
          )}
          <label class="button">
            <Icon name="image" size={18} /> Open photo
            <input
              ref={inputRef}
              class="visually-hidden"
              type="file"
              accept="image/*"
              data-testid="image-input"
              onChange={(event) => {
                openFiles(event.currentTarget.files);
                event.currentTarget.value = '';
              }}
            />
          </label>
          <button
            type="button"
            class="button"
            disabled={source.value === 'none'}
            onClick={() => void saveSnapshot()}
          >
            <Icon name="download" size={18} /> Save blurred snapshot
          </button>
        </div>

        {cameraError.value && (
          <p class="error" role="alert" data-testid="camera-error" data-code={cameraError.value.code}>
            {cameraError.value.message}
          </p>
        )}
        {photoError.value && (
          <p class="error" role="alert" data-testid="photo-error" data-code={photoError.value.code}>
            {photoError.value.message}
          </p>
        )}
        {modelError.value && (
          <p class="error" role="alert" data-testid="model-error">
            {modelError.value}
          </p>
        )}

        <dl class="face-summary">
          <div>
            <dt>Faces</dt>
            <dd>
              <output
                data-testid="face-count"
                data-state={countState}
                data-boxes={boxes}
                data-frame={frames}
                data-meshes={meshCount}
              >
                {countText}
              </output>
            </dd>
          </div>
          <div>
            <dt>Runs on</dt>
            <dd>
              <strong data-testid="backend" data-threads={session.threads.value ?? ''}>
                {backendText}
              </strong>
              {session.fellBack.value && (
                <span class="muted block" data-testid="backend-note">
                  Fell back from {session.fellBack.value}
                </span>
              )}
              {session.chosenBecause.value && (
                <span class="muted block" data-testid="backend-reason">
                  Automatic: {session.chosenBecause.value}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>Model</dt>
            <dd>
              {source.value === 'none'
                ? MODE_LABELS[mode.value]
                : MODE_LABELS[session.effectiveMode()].split(' (')[0]}
            </dd>
          </div>
          {photoInfo.value && (
            <div>
              <dt>Photo</dt>
              <dd>
                {photoInfo.value.width} × {photoInfo.value.height}, {Math.round(photoInfo.value.ms)} ms
              </dd>
            </div>
          )}
        </dl>
      </section>

      <section class="card" aria-labelledby="face-options">
        <h2 id="face-options">Options</h2>
        <div class="face-options">
          <label class="switch">
            <input
              type="checkbox"
              data-testid="blur-toggle"
              checked={redaction.value !== 'none'}
              onChange={(event) => (redaction.value = event.currentTarget.checked ? blurStyle.value : 'none')}
            />
            <span>Privacy blur</span>
          </label>
          <SelectField
            id="blur-style"
            label="Blur style"
            value={blurStyle.value}
            labels={BLUR_LABELS}
            onChange={(style) => {
              blurStyle.value = style;
              if (redaction.value !== 'none') redaction.value = blurStyle.value;
            }}
          />
          <label class="switch">
            <input
              type="checkbox"
              data-testid="mesh-toggle"
              checked={mesh.value}
              onChange={(event) => {
                mesh.value = event.currentTarget.checked;
                void session.reanalyse();
              }}
            />
            <span>Face mesh (468 points)</span>
          </label>
          <SelectField
            id="face-mode"
            label="Detector"
            testId="mode-select"
            value={mode.value}
            labels={MODE_LABELS}
            onChange={(choice) => {
              mode.value = choice;
              void session.reanalyse();
            }}
          />
          <div class="field">
            <label for="face-threshold">
              Minimum score:{' '}
              {threshold.value === null ? 'model default' : `${Math.round(threshold.value * 100)}%`}
            </label>
            <input
              id="face-threshold"
              type="range"
              min={0.3}
              max={0.95}
              step={0.05}
              value={threshold.value ?? 0.6}
              onChange={(event) => {
                threshold.value = Number(event.currentTarget.value);
                void session.reanalyse();
              }}
            />
          </div>
        </div>
      </section>

      {stats.value && (
        <StageStats stats={stats.value} tensors={tensors.value} path={session.livePath.value} />
      )}
    </>
  );
}
