import { z } from 'zod';
import { historyRecordSchema, idSchema, meetingSchema, RECORD_KINDS, type HistoryRecord } from '../validation';
import { edit, query } from './method';

const recordKindSchema = z.enum(RECORD_KINDS, { error: 'validation.invalid' });

/** A record as the edit form shows it, with the names of the places it names (a former member too). */
export interface RecordForEditing {
  record: HistoryRecord;
  places: Array<{ placeId: string; name: string }>;
}

/** A chain's history: its meetings, and the decisions, grants, activities and agreements on its timeline. */
export const historyMethods = {
  'meetings.add': edit()(z.object({ chainId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.update': edit()(z.object({ meetingId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.remove': edit()(z.object({ meetingId: idSchema }).strict()),
  'records.add': edit()(z.object({ chainId: idSchema, record: historyRecordSchema }).strict()),
  'records.get': query<RecordForEditing>()(z.object({ kind: recordKindSchema, id: idSchema }).strict()),
  /** Replaces a record of the chain with the one given (of the same kind), checked as an added one is. */
  'records.update': edit()(z.object({ chainId: idSchema, id: idSchema, record: historyRecordSchema }).strict()),
  'records.remove': edit()(z.object({ kind: recordKindSchema, id: idSchema }).strict()),
} as const;
