/** A field's problem under it, tied to the control with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message === undefined ? null : (
    <span id={id} className="field__error" role="alert">
      {message}
    </span>
  );
}
