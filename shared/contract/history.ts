import { z } from 'zod';
import { historyRecordSchema, idSchema, meetingSchema } from '../validation';
import { edit } from './method';

/** A chain's history: its meetings, and the decisions, grants, activities and agreements on its timeline. */
export const historyMethods = {
  'meetings.add': edit()(z.object({ chainId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.update': edit()(z.object({ meetingId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.remove': edit()(z.object({ meetingId: idSchema }).strict()),
  'records.add': edit()(z.object({ chainId: idSchema, record: historyRecordSchema }).strict()),
  'records.remove': edit()(
    z
      .object({ kind: z.enum(['grant', 'event', 'activity', 'agreement'], { error: 'validation.invalid' }), id: idSchema })
      .strict(),
  ),
} as const;
