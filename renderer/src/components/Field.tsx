import type { InputHTMLAttributes, Ref } from 'react';

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
  /** Ids of other text that describes this field (a note shared by several fields). */
  describedBy?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ id, label, hint, error, inputRef, describedBy, className, ...input }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      <input
        id={id}
        ref={inputRef}
        className={`input${className ? ` ${className}` : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, describedBy, errorId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
    </div>
  );
}
