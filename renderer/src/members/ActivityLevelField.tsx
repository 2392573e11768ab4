import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityLevel } from '../../../shared/contract';
import { call } from '../api/client';
import { FieldError } from '../forms/FieldError';
import { describeError } from '../i18n';

const LEVELS: ActivityLevel[] = ['active', 'sporadic', 'dormant'];

/** The member's activity level in the shown year, with SKL's definitions as help. */
export function ActivityLevelField(props: { membershipId: string; year: number; level: ActivityLevel | null; readOnly: boolean; onEdited(): void }) {
  const { t } = useTranslation();
  const helpId = useId();
  const [error, setError] = useState<string | null>(null);
  const change = async (value: string) => {
    const level = value === '' ? null : (value as ActivityLevel);
    const result = await call('members.setActivityLevel', { membershipId: props.membershipId, year: props.year, level });
    setError(result.ok ? null : describeError(t, result.error));
    props.onEdited();
  };
  return (
    <div className="activity-level">
      <label>
        {t('activity.label', { year: props.year })}
        <select value={props.level ?? ''} onChange={(event) => void change(event.target.value)} disabled={props.readOnly} aria-describedby={helpId}>
          <option value="">{t('activity.unset')}</option>
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`activity.levels.${level}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" id={helpId}>
        {props.level ? t(`activity.help.${props.level}`) : t('activity.helpAll')}
      </p>
      <FieldError message={error} />
    </div>
  );
}
