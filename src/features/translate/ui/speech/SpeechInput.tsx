import type { ComponentChildren } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import type { Utterance } from '../../shared/segmenter';
import { SPEECH_MODES, type SpeechMode } from '../../shared/vad-config';
import { loadSilero } from './silero-runner';
import { SpeechSession } from './speech-session';
import './speech.css';

const MODE_LABELS: Record<SpeechMode, string> = {
  'push-to-talk': 'Push to talk',
  'hands-free': 'Hands-free',
};

export interface SpeechInputProps {
  /** Each utterance the voice detector finds, with its 16 kHz audio. */
  onUtterance?: (utterance: Utterance) => void;
  defaultMode?: SpeechMode;
  /** What still works without a microphone, said after a microphone error. */
  fallback?: string;
  /** What the page does with the speech (a transcript, a translation), shown in the same card. */
  children?: ComponentChildren;
}

const KEYS = new Set([' ', 'Enter']);

/** Starts loading the VAD model (2 MB, bundled) when a person heads for the microphone, not on every visit. */
function preload(): void {
  void loadSilero().catch(() => undefined);
}

/** A microphone button with push-to-talk and hands-free modes, a level meter, and the utterances heard. */
export function SpeechInput({
  onUtterance,
  defaultMode = 'push-to-talk',
  fallback = 'You can still type the text to translate.',
  children,
}: SpeechInputProps) {
  const session = useMemo(() => new SpeechSession({ mode: defaultMode, fallback }), []);
  session.onUtterance = onUtterance;
  // Leaving the page closes the microphone.
  useEffect(() => () => session.dispose(), [session]);

  const mode = session.mode.value;
  const state = session.state.value;
  const active = state === 'starting' || state === 'listening';
  const error = session.error.value;
  const segments = session.segments.value;
  const cost = session.vadCost.value;
  const level = Math.round(session.level.value * 100);
  const holdToTalk = mode === 'push-to-talk';

  const label = holdToTalk
    ? active
      ? 'Listening… release to finish'
      : 'Hold to talk'
    : active
      ? 'Stop listening'
      : 'Start listening';

  return (
    <section class="card speech-input" aria-label="Speak" onPointerEnter={preload} onFocusIn={preload}>
      <fieldset class="speech-modes" disabled={active}>
        <legend class="visually-hidden">Microphone mode</legend>
        {SPEECH_MODES.map((value) => (
          <label key={value} class={mode === value ? 'is-active' : ''}>
            <input
              type="radio"
              name="speech-mode"
              value={value}
              checked={mode === value}
              data-testid={`speech-mode-${value}`}
              onChange={() => (session.mode.value = value)}
            />
            {MODE_LABELS[value]}
          </label>
        ))}
      </fieldset>

      <div class="speech-controls">
        <button
          type="button"
          class={`mic-button${active ? ' is-live' : ''}${session.speaking.value ? ' is-speaking' : ''}`}
          data-testid="mic-button"
          data-state={state}
          aria-pressed={active}
          disabled={state === 'finishing'}
          onPointerDown={(event) => {
            if (!holdToTalk || event.button !== 0) return;
            event.currentTarget.setPointerCapture(event.pointerId);
            void session.start();
          }}
          onPointerUp={() => holdToTalk && void session.stop()}
          onPointerCancel={() => holdToTalk && void session.stop()}
          onKeyDown={(event) => {
            if (!holdToTalk || !KEYS.has(event.key)) return;
            event.preventDefault();
            if (!event.repeat) void session.start();
          }}
          onKeyUp={(event) => {
            if (!holdToTalk || !KEYS.has(event.key)) return;
            event.preventDefault();
            void session.stop();
          }}
          onClick={() => {
            if (holdToTalk) return;
            void (active ? session.stop() : session.start());
          }}
          onContextMenu={(event) => holdToTalk && event.preventDefault()}
        >
          <MicIcon />
          <span>{label}</span>
        </button>
        <div
          class="meter speech-meter"
          role="meter"
          aria-label="Microphone level"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={level}
          data-testid="mic-level"
        >
          <span style={{ width: `${level}%` }} />
        </div>
        <p class="fine speech-status" role="status" data-testid="speech-status">
          {state === 'starting'
            ? 'Opening the microphone…'
            : state === 'finishing'
              ? 'Finishing…'
              : active
                ? session.speaking.value
                  ? 'Hearing speech'
                  : 'Listening'
                : 'Your voice is processed on this device only.'}
        </p>
      </div>

      {error && (
        <p class="error" role="alert" data-testid="mic-error" data-code={error.code}>
          {error.message}
        </p>
      )}

      <div
        class="vad-segments fine"
        data-testid="vad-segments"
        data-segments={JSON.stringify(segments.map((s) => [round3(s.startSec), round3(s.endSec)]))}
        data-backend={session.vadBackend.value ?? ''}
        data-captured={session.capturedSec.value.toFixed(2)}
        data-analysed={session.analysedSec.value.toFixed(2)}
        data-model-ms={cost?.modelMs.toFixed(2) ?? ''}
        data-call-ms={cost?.callMs.toFixed(2) ?? ''}
      >
        <span>Speech heard{segments.length === 0 ? ': none yet' : ''}</span>
        {cost && (
          <span class="vad-cost">
            {' '}
            (voice detection on {session.vadBackend.value}, {cost.callMs.toFixed(1)} ms per 32 ms of audio)
          </span>
        )}
        {segments.length > 0 && (
          <ol>
            {segments.map((s, i) => (
              <li key={i}>
                {s.startSec.toFixed(2)}–{s.endSec.toFixed(2)} s
              </li>
            ))}
          </ol>
        )}
      </div>
      {children}
    </section>
  );
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function MicIcon() {
  return (
    <svg class="icon" width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" fill="none">
      <path
        d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3ZM5.5 11.5a6.5 6.5 0 0 0 13 0M12 18v3M8.5 21h7"
        stroke="currentColor"
        stroke-width={1.8}
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
