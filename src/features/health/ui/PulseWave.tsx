/** The live pulse waveform: the band-passed rPPG signal of the last few seconds, as a line. */
interface PulseWaveProps {
  samples: readonly number[];
  /** Samples per second of `samples`. */
  rateHz: number;
  /** Seconds the plot spans (the newest sample at the right edge). */
  seconds: number;
}

const WIDTH = 300;
const HEIGHT = 80;

export function PulseWave({ samples, rateHz, seconds }: PulseWaveProps) {
  const span = Math.max(1, Math.round(seconds * rateHz));
  const shown = samples.slice(-span);
  const offset = span - shown.length;
  const points = shown
    .map(
      (v, i) =>
        `${(((offset + i) / (span - 1)) * WIDTH).toFixed(1)},${(HEIGHT / 2 - v * (HEIGHT / 2 - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      class="pulse-wave"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={shown.length ? 'Pulse waveform of the last seconds' : 'No pulse waveform yet'}
      data-testid="pulse-wave"
      data-samples={shown.length}
    >
      <line x1="0" x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} class="pulse-axis" />
      {shown.length > 1 && <polyline points={points} class="pulse-line" />}
    </svg>
  );
}
