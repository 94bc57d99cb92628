import { forwardRef, useId, type ReactNode, type TextareaHTMLAttributes } from 'react';

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'children'> {
  label: string;
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  /** Monospace, for JSON. */
  code?: boolean;
}

/** A labelled textarea with its hint and error messages under it (the shape of shared/ui TextField). */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, errors, hint, id, code = false, className, ...textarea },
  ref,
) {
  const autoId = useId();
  const controlId = id ?? autoId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-errors`;
  const hasErrors = Boolean(errors?.length);
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${className ? ` ${className}` : ''}`}>
      <label className="form-label" htmlFor={controlId}>
        {label}
      </label>
      <textarea
        {...textarea}
        ref={ref}
        id={controlId}
        className={`input textarea${code ? ' textarea--code' : ''}`}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy}
      />
      {hint ? (
        <p className="form-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {hasErrors ? (
        <ul className="form-errors" id={errorId}>
          {errors?.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});
