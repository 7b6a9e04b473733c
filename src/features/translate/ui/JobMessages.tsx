interface JobMessagesProps {
  /** A passing remark (role=status), e.g. that part of the audio was skipped. */
  note: string | null;
  /** What went wrong (role=alert). */
  error: string | null;
  /** The error's code, where it has one, as `data-code`. */
  code?: string;
  /** Prefix of the test ids: `<prefix>-note` and `<prefix>-error`. */
  testId: string;
}

/** The note and the error line under a speech job (the microphone or an audio file). */
export function JobMessages({ note, error, code, testId }: JobMessagesProps) {
  return (
    <>
      {note && (
        <p class="notice fine" role="status" data-testid={`${testId}-note`}>
          {note}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid={`${testId}-error`} data-code={code}>
          {error}
        </p>
      )}
    </>
  );
}
