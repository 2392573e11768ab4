import { useEffect, useRef } from 'react';

/**
 * A refusal shown where the user typed: announced to screen readers, the input kept, and
 * scrolled into view (a field near the bottom of a panel would otherwise show it below the fold).
 */
export function FieldError({ message, id }: { message: string | null; id?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert" ref={ref}>
      {message}
    </p>
  );
}
