import { z } from 'zod';
import { historyRecordSchema, idSchema, meetingSchema } from '../validation';
import { method } from './method';
import type { UndoState } from './types';

/** A chain's history: its meetings, and the decisions, grants, activities and agreements on its timeline. */
export const historyMethods = {
  'meetings.add': method<UndoState>()(z.object({ chainId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.update': method<UndoState>()(z.object({ meetingId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.remove': method<UndoState>()(z.object({ meetingId: idSchema }).strict()),
  'records.add': method<UndoState>()(z.object({ chainId: idSchema, record: historyRecordSchema }).strict()),
  'records.remove': method<UndoState>()(
    z
      .object({ kind: z.enum(['grant', 'event', 'activity', 'agreement'], { error: 'validation.invalid' }), id: idSchema })
      .strict(),
  ),
} as const;
