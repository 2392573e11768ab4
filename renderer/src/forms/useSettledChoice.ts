import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a select must rest on a value before it is saved. */
export const SETTLE_MS = 500;

/**
 * A select that saves what the user settles on, not every step on the way: arrowing through a
 * closed select fires a change for each option it passes, and each would be a write and an undo
 * step. The choice shows at once; it is saved after SETTLE_MS without a change, or when the
 * select loses focus, or when the field goes away.
 */
export function useSettledChoice<Value extends string>(saved: Value, save: (value: Value) => Promise<boolean>) {
  const [pending, setPending] = useState<Value | null>(null);
  const latest = useRef<Value | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saveRef = useRef(save);
  saveRef.current = save;
  const savedRef = useRef(saved);
  savedRef.current = saved;

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const value = latest.current;
    latest.current = null;
    if (value === null || value === savedRef.current) return setPending(null);
    // A refused value goes back to what is saved; an accepted one shows until the reload brings it.
    void saveRef.current(value).then((accepted) => {
      if (!accepted) setPending(null);
    });
  }, []);

  // The saved value changed (the reload after saving, or an undo): it is what to show.
  useEffect(() => setPending(null), [saved]);
  useEffect(() => flush, [flush]);

  const choose = useCallback(
    (value: Value) => {
      latest.current = value;
      setPending(value);
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, SETTLE_MS);
    },
    [flush],
  );
  return { value: pending ?? saved, choose, flush };
}
