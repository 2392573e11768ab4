import { useTranslation } from 'react-i18next';
import type { ChainMembers } from '../../../shared/contract';
import { formatInteger, isLanguage } from '../../../shared/format';
import { areaName } from './areaName';
import { CountsGrid } from './CountsGrid';

/** The selected member's facts, beside the table. */
interface MemberDetailsProps {
  data: ChainMembers;
  selectedId: string | null;
  readOnly: boolean;
  generation: number;
  onEdited(): void;
}

export function MemberDetails({ data, selectedId, readOnly, generation, onEdited }: MemberDetailsProps) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'sv';
  const member = data.members.find((item) => item.membershipId === selectedId);
  if (!member) return null;
  return (
    <section className="member-details" aria-label={t('details.title', { name: member.name })}>
      <h2>{member.name}</h2>
      <dl>
        <dt>{t('members.columns.area')}</dt>
        <dd>{areaName(member.areaCode, t, language)}</dd>
        <dt>{t('members.columns.joinedYear')}</dt>
        <dd>{member.joinedYear}</dd>
        {member.leftYear !== null ? (
          <>
            <dt>{t('details.left')}</dt>
            <dd>{member.leftYear}</dd>
          </>
        ) : null}
        <dt>{t('members.columns.memberCount', { year: data.year })}</dt>
        <dd>
          {member.memberCount === null
            ? t('members.notReported')
            : `${formatInteger(member.memberCount, language)}${member.countYear !== data.year ? ` (${t('members.asOf', { year: member.countYear })})` : ''}`}
        </dd>
        {member.latitude !== null && member.longitude !== null ? (
          <>
            <dt>{t('details.position')}</dt>
            <dd>
              {member.latitude.toFixed(4)}, {member.longitude.toFixed(4)}
            </dd>
          </>
        ) : null}
      </dl>
      <CountsGrid placeId={member.placeId} name={member.name} readOnly={readOnly} generation={generation} onEdited={onEdited} />
    </section>
  );
}
