import { useTranslation } from 'react-i18next';
import type { ChainMembers, TimelineEntry } from '../../../shared/contract';
import { useApiQuery } from '../api/queries';
import { useReadOnly } from '../document/DocumentProvider';
import { RejoinField } from './RejoinField';

/**
 * "Tidigare medlemmar": the members that had left the chain by the year shown and are not in it
 * again, each with its year of leaving and "Gå med igen" (no need to move the slider back to a
 * year it was a member).
 */
export function FormerMembers({ data }: { data: ChainMembers }) {
  const { t } = useTranslation();
  // The chain's whole history, which the window has asked for already (cached): a year-slider step
  // asks the data side for nothing more; departures after the year shown are left out here.
  const history = useApiQuery('chains.history', { chainId: data.chain.id }).data;
  if (!history?.ok) return null;
  const current = new Set(data.members.map((member) => member.name));
  // The latest departure of each place that is not a member now.
  const latest = new Map<string, TimelineEntry>();
  for (const entry of history.value.timeline)
    if (entry.kind === 'left' && entry.year <= data.year && entry.membershipId && !current.has(entry.title))
      latest.set(entry.title, entry);
  const former = [...latest.values()];
  if (former.length === 0) return null;
  return (
    <details className="former-members">
      <summary>{t('members.former', { count: former.length })}</summary>
      <ul>
        {former.map((entry) => (
          <FormerMember key={entry.id} entry={entry} />
        ))}
      </ul>
    </details>
  );
}

function FormerMember({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  return (
    <li aria-label={entry.title}>
      <span className="former-name">{entry.title}</span>{' '}
      <span className="hint">{t('members.formerLeft', { year: entry.year })}</span>
      {!readOnly ? <RejoinField membershipId={entry.membershipId!} /> : null}
    </li>
  );
}
