import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import type { ChainMembers } from '../../../shared/contract';
import { formatInteger } from '../../../shared/format';
import { areaName } from './areaName';
import { CountsGrid } from './CountsGrid';
import { ActivityLevelField } from './ActivityLevelField';
import { JoinedYear } from './JoinedYear';
import { JoinedYearSources } from './JoinedYearSources';
import { MemberWarnings } from './FactWarnings';
import { EditableCell } from './EditableCell';
import { parseYearInput } from '../../../shared/input-parsing';
import { useEdit } from '../api/edits';
import { RejoinField } from './RejoinField';
import { useState } from 'react';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';
import { describeError } from '../i18n';

/** The selected member's facts, beside the table. */
interface MemberDetailsProps {
  data: ChainMembers;
  selectedId: string | null;
}

export function MemberDetails({ data, selectedId }: MemberDetailsProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const member = data.members.find((item) => item.membershipId === selectedId);
  const [error, setError] = useState<string | null>(null);
  if (!member) return null;

  const saveLeft = async (text: string): Promise<string | null> => {
    let leftYear: number | null = null;
    if (text.trim() !== '') {
      const parsed = parseYearInput(text);
      if (!parsed.ok) return describeError(t, { message: parsed.message });
      leftYear = parsed.value;
    }
    const result = await edit('members.setLeft', {
      membershipId: member.membershipId,
      leftYear,
      leaveReason: member.leaveReason,
    });
    return result.ok ? null : describeError(t, result.error);
  };
  const saveReason = async (leaveReason: string | null): Promise<string | null> => {
    const result = await edit('members.setLeft', { membershipId: member.membershipId, leftYear: member.leftYear, leaveReason });
    return result.ok ? null : describeError(t, result.error);
  };
  const setHosting = async (canHost: boolean, sponsorBond: string | null): Promise<string | null> => {
    const result = await edit('members.setHosting', { membershipId: member.membershipId, canHost, sponsorBond });
    return result.ok ? null : describeError(t, result.error);
  };
  const setSourceNote = async (source: string | null, note: string | null): Promise<string | null> => {
    const result = await edit('facts.setSourceNote', { table: 'membership', rowId: member.membershipId, source, note });
    return result.ok ? null : describeError(t, result.error);
  };
  return (
    <section className="member-details" aria-label={t('details.title', { name: member.name })}>
      <h2>{member.name}</h2>
      <MemberWarnings chainId={data.chain.id} membershipId={member.membershipId} />
      <dl>
        <dt>{t('members.columns.area')}</dt>
        <dd>{areaName(member.areaCode, t, language)}</dd>
        <dt>{t('members.columns.joinedYear')}</dt>
        <dd>
          <JoinedYear year={member.joinedYear} />
        </dd>
        <TextDetail
          label={t('details.source')}
          value={member.source}
          name={member.name}
          onCommit={(value) => setSourceNote(value, member.note)}
        />
        <TextDetail
          label={t('details.note')}
          value={member.note}
          name={member.name}
          onCommit={(value) => setSourceNote(member.source, value)}
        />
        <TextDetail
          label={t('details.sponsorBond')}
          value={member.sponsorBond}
          name={member.name}
          onCommit={(value) => setHosting(member.canHost, value)}
        />
        <dt>{t('details.hosting')}</dt>
        <dd>
          <label className="inline-check">
            <input
              // Remounted with the saved value once the change has loaded; until then it shows the click.
              key={String(member.canHost)}
              type="checkbox"
              defaultChecked={member.canHost}
              disabled={readOnly}
              onChange={(event) => void setHosting(event.target.checked, member.sponsorBond).then(setError)}
            />
            {t('details.canHost')}
          </label>
        </dd>
        <dt>{t('details.left')}</dt>
        <dd>
          <EditableCell
            display={member.leftYear ?? <span className="not-reported">{t('details.stillMember')}</span>}
            displayText={member.leftYear === null ? t('details.stillMember') : String(member.leftYear)}
            initialText={member.leftYear === null ? '' : String(member.leftYear)}
            label={t('members.edit', { column: t('details.left'), name: member.name })}
            hint={t('details.leftHint')}
            inputMode="numeric"
            onCommit={saveLeft}
          />
        </dd>
        {member.leftYear !== null ? (
          <>
            <TextDetail label={t('details.reason')} value={member.leaveReason} name={member.name} onCommit={saveReason} />
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
      {member.leftYear !== null && !readOnly ? <RejoinField membershipId={member.membershipId} /> : null}
      <FieldError message={error} />
      <ActivityLevelField membershipId={member.membershipId} year={data.year} level={member.activityLevel} />
      <JoinedYearSources membershipId={member.membershipId} name={member.name} />
      <CountsGrid placeId={member.placeId} name={member.name} />
    </section>
  );
}

interface TextDetailProps {
  label: string;
  value: string | null;
  /** The member's name, for the field's accessible name ("Edit Source of Herning"). */
  name: string;
  /** Saves the text (empty becomes null); resolves to a message to show, or null. */
  onCommit(value: string | null): Promise<string | null>;
}

/** One free-text fact of the member, shown as a term and edited in place. */
function TextDetail({ label, value, name, onCommit }: TextDetailProps) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <EditableCell
          display={value ?? '—'}
          initialText={value ?? ''}
          label={t('members.edit', { column: label, name })}
          onCommit={(text) => onCommit(text.trim() || null)}
        />
      </dd>
    </>
  );
}
