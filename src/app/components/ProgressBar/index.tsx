interface ProgressBarProps {
  value: number;
  max: number;
  label: string;
  testId?: string;
}

/** An accessible progress bar (role=progressbar) with the value as a percentage. */
export function ProgressBar({ value, max, label, testId }: ProgressBarProps) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div
      class="meter"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(percent)}
      data-testid={testId}
      data-received={value}
      data-total={max}
    >
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
