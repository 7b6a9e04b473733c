import type { ComponentChildren } from 'preact';

interface VitalProps {
  label: string;
  /** The number as shown; null shows a dash (the output stays, empty). */
  value: string | number | null;
  unit: string;
  testId: string;
  /** Announce changes to screen readers (the main reading only). */
  announce?: boolean;
  /** The smaller, secondary reading. */
  small?: boolean;
  /** A line under the reading (how it was measured). */
  children?: ComponentChildren;
}

/** One reading beside the camera: its name, the number in an <output>, and its unit. */
export function Vital({ label, value, unit, testId, announce, small, children }: VitalProps) {
  return (
    <div class={small ? 'vital vital-small' : 'vital'}>
      <span class="vital-label">{label}</span>
      <span class="vital-value">
        <output data-testid={testId} aria-live={announce ? 'polite' : undefined}>
          {value ?? ''}
        </output>
        {value === null ? <span class="vital-none">—</span> : null}
        <span class="vital-unit">{unit}</span>
      </span>
      {children}
    </div>
  );
}
