import { ProgressBar } from '../../../app/components/ProgressBar';
import { JobMessages } from './JobMessages';
import { languageName } from './speech-translate';
import { FILE_WINDOW_SEC, MAX_DECODED_FILE_BYTES } from './audio-file';
import type { FileTranscription } from './file-transcription';
import { formatBytes } from '../../../shared/format';

/** m:ss (or h:mm:ss) of a duration in seconds. */
export function clock(seconds: number): string {
  const s = Math.floor(seconds % 60);
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "Transcribe an audio file": the file picker, progress by 30 s window, the transcript, Cancel. */
export function AudioFileInput({ job, ready }: { job: FileTranscription; ready: boolean }) {
  const state = job.state.value;
  const working = state === 'reading' || state === 'loading' || state === 'transcribing';
  const done = job.windowsDone.value;
  const total = job.windowsTotal.value;
  const error = job.error.value;
  const heardSec = Math.min(job.durationSec.value, done * FILE_WINDOW_SEC);
  return (
    <section class="card audio-file" aria-label="Transcribe an audio file" data-testid="audio-file">
      <div class="audio-file-controls">
        <label class={`button${ready && !working ? '' : ' is-disabled'}`}>
          Transcribe an audio file
          <input
            class="visually-hidden"
            type="file"
            accept="audio/*,.wav,.mp3,.m4a,.ogg,.oga,.webm,.flac"
            data-testid="audio-file-input"
            disabled={!ready || working}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (file) void job.start(file);
            }}
          />
        </label>
        {working && (
          <button type="button" class="button" data-testid="audio-file-cancel" onClick={() => job.cancel()}>
            Cancel
          </button>
        )}
      </div>
      <p class="fine">
        {ready
          ? `WAV recordings of any length are read ${FILE_WINDOW_SEC} s at a time; MP3, M4A, Ogg and WebM files up to ${formatBytes(MAX_DECODED_FILE_BYTES)}. The file stays on this device.`
          : 'Download the speech model above to transcribe files.'}
      </p>
      {state !== 'idle' && (
        <div
          class="audio-file-progress"
          data-testid="audio-file-progress"
          data-state={state}
          data-done={done}
          data-total={total}
        >
          <ProgressBar value={done} max={total} label={`Transcribing ${job.fileName.value}`} />
          <p class="fine" role="status">
            {job.fileName.value}
            {total > 0 &&
              ` · ${clock(heardSec)} of ${clock(job.durationSec.value)} (window ${Math.min(done + (working ? 1 : 0), total)} of ${total})`}
            {state === 'reading' && ' · reading the file…'}
            {state === 'loading' && ' · loading the speech model…'}
            {state === 'cancelled' && ' · cancelled'}
            {job.language.value && ` · ${languageName(job.language.value)}`}
          </p>
        </div>
      )}
      {job.transcript.value && (
        <p class="speech-text" data-testid="audio-file-transcript" dir="auto">
          {job.transcript.value}
        </p>
      )}
      <JobMessages
        note={job.note.value}
        error={error?.message ?? null}
        code={error?.code}
        testId="audio-file"
      />
    </section>
  );
}
