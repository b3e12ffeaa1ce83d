/**
 * The required "why" of a decision that is audited (reject, override an eval, dismiss an alert): a
 * labelled textarea whose error is tied to it for screen readers, capped at what the server accepts.
 */
export function ReasonField({
  id,
  label,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  /** Shown (and the field marked invalid) when the reason is missing. */
  error: string | null;
  value: string;
  onChange: (value: string) => void;
}) {
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {error && (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      <textarea
        id={id}
        className="input ai-textarea"
        rows={3}
        maxLength={1_000}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
