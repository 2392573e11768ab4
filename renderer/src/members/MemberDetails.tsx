import { useTranslation } from 'react-i18next';
import { FieldError } from '../forms/FieldError';
import type { ChainMembers } from '../../../shared/contract';
import { formatInteger, isLanguage } from '../../../shared/format';
import { areaName } from './areaName';
import { CountsGrid } from './CountsGrid';
import { ActivityLevelField } from './ActivityLevelField';
import { JoinedYearSources } from './JoinedYearSources';
import { EditableCell } from './EditableCell';
import { useState } from 'react';
import { parseYearInput } from '../../../shared/input-parsing';
import { call } from '../api/client';
import { describeError } from '../i18n';

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
  const [rejoinYear, setRejoinYear] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!member) return null;

  const saveLeft = async (text: string): Promise<string | null> => {
    let leftYear: number | null = null;
    if (text.trim() !== '') {
      const parsed = parseYearInput(text);
      if (!parsed.ok) return describeError(t, { message: parsed.message });
      leftYear = parsed.value;
    }
    const result = await call('members.setLeft', { membershipId: member.membershipId, leftYear, leaveReason: member.leaveReason });
    if (!result.ok) return describeError(t, result.error);
    onEdited();
    return null;
  };
  const saveReason = async (text: string): Promise<string | null> => {
    const result = await call('members.setLeft', { membershipId: member.membershipId, leftYear: member.leftYear, leaveReason: text.trim() || null });
    if (!result.ok) return describeError(t, result.error);
    onEdited();
    return null;
  };
  const setHosting = async (canHost: boolean, sponsorBond: string | null): Promise<string | null> => {
    const result = await call('members.setHosting', { membershipId: member.membershipId, canHost, sponsorBond });
    if (!result.ok) return describeError(t, result.error);
    onEdited();
    return null;
  };
  const setSourceNote = async (source: string | null, note: string | null): Promise<string | null> => {
    const result = await call('facts.setSourceNote', { table: 'membership', rowId: member.membershipId, source, note });
    if (!result.ok) return describeError(t, result.error);
    onEdited();
    return null;
  };
  const rejoin = async () => {
    const parsed = parseYearInput(rejoinYear);
    if (!parsed.ok) return setError(describeError(t, { message: parsed.message }));
    const result = await call('members.rejoin', { membershipId: member.membershipId, joinedYear: parsed.value });
    setError(result.ok ? null : describeError(t, result.error));
    if (result.ok) {
      setRejoinYear('');
      onEdited();
    }
  };
  return (
    <section className="member-details" aria-label={t('details.title', { name: member.name })}>
      <h2>{member.name}</h2>
      <dl>
        <dt>{t('members.columns.area')}</dt>
        <dd>{areaName(member.areaCode, t, language)}</dd>
        <dt>{t('members.columns.joinedYear')}</dt>
        <dd>{member.joinedYear}</dd>
        <dt>{t('details.source')}</dt>
        <dd>
          <EditableCell
            display={member.source ?? '—'}
            initialText={member.source ?? ''}
            label={t('members.edit', { column: t('details.source'), name: member.name })}
            disabled={readOnly}
            onCommit={(text) => setSourceNote(text.trim() || null, member.note)}
          />
        </dd>
        <dt>{t('details.note')}</dt>
        <dd>
          <EditableCell
            display={member.note ?? '—'}
            initialText={member.note ?? ''}
            label={t('members.edit', { column: t('details.note'), name: member.name })}
            disabled={readOnly}
            onCommit={(text) => setSourceNote(member.source, text.trim() || null)}
          />
        </dd>
        <dt>{t('details.sponsorBond')}</dt>
        <dd>
          <EditableCell
            display={member.sponsorBond ?? '—'}
            initialText={member.sponsorBond ?? ''}
            label={t('members.edit', { column: t('details.sponsorBond'), name: member.name })}
            disabled={readOnly}
            onCommit={(text) => setHosting(member.canHost, text.trim() || null)}
          />
        </dd>
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
            initialText={member.leftYear === null ? '' : String(member.leftYear)}
            label={t('members.edit', { column: t('details.left'), name: member.name })}
            hint={t('details.leftHint')}
            disabled={readOnly}
            inputMode="numeric"
            onCommit={saveLeft}
          />
        </dd>
        {member.leftYear !== null ? (
          <>
            <dt>{t('details.reason')}</dt>
            <dd>
              <EditableCell
                display={member.leaveReason ?? '—'}
                initialText={member.leaveReason ?? ''}
                label={t('members.edit', { column: t('details.reason'), name: member.name })}
                disabled={readOnly}
                onCommit={saveReason}
              />
            </dd>
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
      {member.leftYear !== null && !readOnly ? (
        <div className="add-row rejoin">
          <label>
            {t('details.rejoinYear')}
            <input inputMode="numeric" size={6} value={rejoinYear} onChange={(event) => setRejoinYear(event.target.value)} />
          </label>
          <button type="button" onClick={() => void rejoin()}>
            {t('details.rejoin')}
          </button>
        </div>
      ) : null}
      <FieldError message={error} />
      <ActivityLevelField membershipId={member.membershipId} year={data.year} level={member.activityLevel} readOnly={readOnly} onEdited={onEdited} />
      <JoinedYearSources membershipId={member.membershipId} name={member.name} readOnly={readOnly} generation={generation} onEdited={onEdited} />
      <CountsGrid placeId={member.placeId} name={member.name} readOnly={readOnly} generation={generation} onEdited={onEdited} />
    </section>
  );
}
