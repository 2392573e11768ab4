import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../electron/db/time-ordered-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered row ids (UUID version 7)', () => {
  it('are UUIDs of version 7 that sort in the order they were made, within a millisecond too', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId());
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry the time, and keep counting up when the clock goes back', () => {
    const at = Date.UTC(2030, 0, 1);
    const first = timeOrderedId(at);
    expect(parseInt(first.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    const afterClockWentBack = timeOrderedId(at - 60_000);
    expect(afterClockWentBack > first).toBe(true);
  });
});
