import type { TFunction } from 'i18next';
import type { ChainHistory, TimelineEntry } from '../../../shared/contract';
import { formatAmount, type Language } from '../../../shared/format';
import { translateKey } from '../i18n';

/** One line of the history in the user's words (the timeline and the printed report). */
export function describeTimelineEntry(t: TFunction, entry: TimelineEntry, language: Language): string {
  switch (entry.kind) {
    case 'joined':
      return t('timeline.joined', { name: entry.title });
    case 'left':
      return t('timeline.left', { name: entry.title });
    case 'meeting':
      return t('timeline.meeting', { kind: t(`history.kinds.${entry.meetingKind ?? 'other'}`), host: entry.title });
    case 'grant':
      return `${grantText(t, entry, language)}${entry.grantor ? ` (${t('report.grantor', { name: entry.grantor })})` : ''}`;
    case 'agreement':
      return t('timeline.agreement', {
        title: entry.title,
        status: translateKey(t, `timeline.agreementStatus.${entry.status ?? 'none_found'}`),
      });
    case 'activity':
      // With the places taking part, as chosen in its form ("— Vänersborg, Kangasala").
      return `${entry.title}${entry.status ? ` (${translateKey(t, `timeline.fields.${entry.status}`)})` : ''}${
        entry.placeName ? ` — ${entry.placeName}` : ''
      }`;
    case 'event':
      return entry.title;
  }
}

/** A grant: to whom, how much (or that the sum is unknown), and whether it is only proposed. */
function grantText(t: TFunction, entry: TimelineEntry, language: Language): string {
  return entry.amount === null
    ? t('timeline.grantUnknown', { name: entry.title, currency: entry.currency })
    : t(entry.status === 'proposed' ? 'timeline.grantProposed' : 'timeline.grant', {
        name: entry.title,
        amount: formatAmount(entry.amount, language),
        currency: entry.currency,
      });
}

/** How often the chain meets, in words. */
export function cadenceText(t: TFunction, years: number): string {
  return years === 2 ? t('history.cadenceEveryOther') : t('history.cadence', { count: years });
}

/** The rotation's suggestion for the next meeting, in words. */
export function nextHostText(t: TFunction, nextHost: ChainHistory['nextHost']): string {
  if (!nextHost.name || nextHost.year === null) return t('history.noMeetings');
  return nextHost.lastHosted !== null
    ? t('history.nextHost', { name: nextHost.name, year: nextHost.year, last: nextHost.lastHosted })
    : t('history.nextHostNever', { name: nextHost.name, year: nextHost.year });
}
