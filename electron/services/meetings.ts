import type { MeetingKind } from '../../shared/contract';
import { recordChanges } from './change-log';
import { invalid, notFound, type DocumentContext } from './context';

export interface MeetingInput {
  year: number;
  hostPlaceId: string | null;
  kind: MeetingKind;
  startDate: string | null;
  endDate: string | null;
  location: string | null;
  note: string | null;
}

function checkMeeting(ctx: DocumentContext, chainId: string, meeting: MeetingInput): void {
  if (meeting.hostPlaceId) {
    const inChain = ctx.db
      .prepare(
        `SELECT 1 FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
          WHERE m.chain_id = ? AND m.place_id = ? AND m.deleted_at IS NULL`,
      )
      .get(chainId, meeting.hostPlaceId);
    if (!inChain) throw invalid('hostPlaceId', 'validation.hostNotMember');
  }
  if (meeting.startDate && meeting.endDate && meeting.endDate < meeting.startDate) {
    throw invalid('endDate', 'validation.endBeforeStart');
  }
  if (meeting.startDate && Number(meeting.startDate.slice(0, 4)) !== meeting.year) {
    throw invalid('startDate', 'validation.dateNotInYear');
  }
  // A meeting may run over New Year, not longer.
  if (meeting.endDate && Math.abs(Number(meeting.endDate.slice(0, 4)) - meeting.year) > 1) {
    throw invalid('endDate', 'validation.dateNotInYear');
  }
}

const columns = (meeting: MeetingInput) => ({
  year: meeting.year,
  host_place_id: meeting.hostPlaceId,
  kind: meeting.kind,
  start_date: meeting.startDate,
  end_date: meeting.endDate,
  location: meeting.location,
  note: meeting.note,
});

/** A meeting held (or planned); the host may be anyone in the chain, whatever the rotation suggests. */
export function addMeeting(ctx: DocumentContext, chainId: string, meeting: MeetingInput): string {
  const chain = ctx.db.prepare('SELECT id FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId);
  if (!chain) throw notFound(`chain ${chainId}`);
  checkMeeting(ctx, chainId, meeting);
  return recordChanges(ctx, (changes) => changes.insert('meeting', { chain_id: chainId, ...columns(meeting) }));
}

export function updateMeeting(ctx: DocumentContext, meetingId: string, meeting: MeetingInput): void {
  const row = ctx.db.prepare('SELECT chain_id AS chainId FROM meeting WHERE id = ? AND deleted_at IS NULL').get(meetingId) as
    { chainId: string } | undefined;
  if (!row) throw notFound(`meeting ${meetingId}`);
  checkMeeting(ctx, row.chainId, meeting);
  recordChanges(ctx, (changes) => changes.update('meeting', meetingId, columns(meeting)));
}

export function removeMeeting(ctx: DocumentContext, meetingId: string): void {
  recordChanges(ctx, (changes) => changes.remove('meeting', meetingId));
}
