/** A refusal shown where the user typed: announced to screen readers, the input kept. */
export function FieldError({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}
