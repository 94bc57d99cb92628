/** A field's messages, under it (the form's own checks and the API's). */
export function FieldErrors({ errors }: { errors?: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ul className="form-errors">
      {errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
