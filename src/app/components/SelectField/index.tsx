import type { ComponentChildren } from 'preact';

/** One <option> per key of a label table (or per key given, in that order), the label as its text. */
export function LabelOptions<K extends string>({
  labels,
  keys = Object.keys(labels) as K[],
}: {
  labels: Readonly<Record<K, string>>;
  keys?: readonly K[];
}) {
  return (
    <>
      {keys.map((key) => (
        <option key={key} value={key}>
          {labels[key]}
        </option>
      ))}
    </>
  );
}

interface SelectFieldProps<K extends string> {
  /** The select's id, which its label points at. */
  id: string;
  label: ComponentChildren;
  value: K;
  labels: Readonly<Record<K, string>>;
  keys?: readonly K[];
  onChange: (value: K) => void;
  testId?: string;
  /** More under the select, inside the field (a hint, say). */
  children?: ComponentChildren;
}

/** A labelled drop-down of settings choices, one option per entry of a label table. */
export function SelectField<K extends string>({
  id,
  label,
  value,
  labels,
  keys,
  onChange,
  testId,
  children,
}: SelectFieldProps<K>) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value as K)}
      >
        <LabelOptions labels={labels} keys={keys} />
      </select>
      {children}
    </div>
  );
}
