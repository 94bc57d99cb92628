import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

interface FieldChromeProps {
  /** Visible label and accessible name. */
  label: string;
  /** Messages from the API's validation (details[].messages) or from the form itself. */
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
}

function useFieldIds(id: string | undefined, hasHint: boolean, hasErrors: boolean) {
  const autoId = useId();
  const controlId = id ?? autoId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-errors`;
  const describedBy = [hasHint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ') || undefined;
  return { controlId, hintId, errorId, describedBy };
}

function FieldMessages({ hint, hintId, errors, errorId }: { hint: ReactNode; hintId: string; errors: readonly string[] | undefined; errorId: string }) {
  return (
    <>
      {hint ? (
        <p className="form-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul className="form-errors" id={errorId}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

type TextFieldProps = FieldChromeProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'children'>;

/** Labelled input with its hint and its error messages right under it. */
export function TextField({ label, errors, hint, id, className, ...input }: TextFieldProps) {
  const hasErrors = Boolean(errors?.length);
  const ids = useFieldIds(id, Boolean(hint), hasErrors);
  return (
    <div className={`form-field${className ? ` ${className}` : ''}`}>
      <label className="form-label" htmlFor={ids.controlId}>
        {label}
      </label>
      <input {...input} id={ids.controlId} className="input" aria-invalid={hasErrors || undefined} aria-describedby={ids.describedBy} />
      <FieldMessages hint={hint} hintId={ids.hintId} errors={errors} errorId={ids.errorId} />
    </div>
  );
}

type SelectFieldProps = FieldChromeProps & SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ label, errors, hint, id, className, children, ...select }: SelectFieldProps) {
  const hasErrors = Boolean(errors?.length);
  const ids = useFieldIds(id, Boolean(hint), hasErrors);
  return (
    <div className={`form-field${className ? ` ${className}` : ''}`}>
      <label className="form-label" htmlFor={ids.controlId}>
        {label}
      </label>
      <select {...select} id={ids.controlId} className="input select" aria-invalid={hasErrors || undefined} aria-describedby={ids.describedBy}>
        {children}
      </select>
      <FieldMessages hint={hint} hintId={ids.hintId} errors={errors} errorId={ids.errorId} />
    </div>
  );
}
