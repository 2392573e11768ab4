import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How long a select must rest on a value before it is saved. */
export const SETTLE_MS = 500;

/**
 * A select that saves what the user settles on, not every step on the way: arrowing through a
 * closed select fires a change for each option it passes, and each would be a write and an undo
 * step. The choice shows at once; it is saved after SETTLE_MS without a change, or when the
 * select loses focus, or when the field goes away.
 */
export function useSettledChoice<Value extends string>(saved: Value, save: (value: Value) => Promise<boolean>) {
  // The choice shows over the saved value it was made on; once the saved value changes (it came
  // back saved, or an undo) that is what to show.
  const [pending, setPending] = useState<{ value: Value; over: Value } | null>(null);
  if (pending !== null && pending.over !== saved) setPending(null);
  const latest = useRef<Value | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The timer and the unmount save with what the latest render had.
  const saveRef = useRef(save);
  const savedRef = useRef(saved);
  useLayoutEffect(() => {
    saveRef.current = save;
    savedRef.current = saved;
  });

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const value = latest.current;
    latest.current = null;
    if (value === null || value === savedRef.current) return setPending(null);
    // A refused value goes back to what is saved; an accepted one shows until it comes back saved.
    void saveRef.current(value).then((accepted) => {
      if (!accepted) setPending(null);
    });
  }, []);

  useEffect(() => flush, [flush]);

  const choose = useCallback(
    (value: Value) => {
      latest.current = value;
      setPending({ value, over: savedRef.current });
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, SETTLE_MS);
    },
    [flush],
  );
  return { value: pending !== null && pending.over === saved ? pending.value : saved, choose, flush };
}
