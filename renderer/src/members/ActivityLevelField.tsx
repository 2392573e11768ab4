import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityLevel } from '../../../shared/contract';
import { useEdit } from '../api/edits';
import { useReadOnly } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { describeError } from '../i18n';
import { useSettledChoice } from '../forms/useSettledChoice';

const LEVELS: ActivityLevel[] = ['active', 'sporadic', 'dormant'];

/** The member's activity level in the shown year, with SKL's definitions as help. */
export function ActivityLevelField(props: { membershipId: string; year: number; level: ActivityLevel | null }) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const edit = useEdit();
  const helpId = useId();
  const [error, setError] = useState<string | null>(null);
  const choice = useSettledChoice<ActivityLevel | ''>(props.level ?? '', async (value) => {
    const result = await edit('members.setActivityLevel', {
      membershipId: props.membershipId,
      year: props.year,
      level: value === '' ? null : value,
    });
    setError(result.ok ? null : describeError(t, result.error));
    return result.ok;
  });
  const shown = choice.value === '' ? null : choice.value;
  return (
    <div className="activity-level">
      <label>
        {t('activity.label', { year: props.year })}
        <select
          value={choice.value}
          onChange={(event) => choice.choose(event.target.value as ActivityLevel | '')}
          onBlur={choice.flush}
          disabled={readOnly}
          aria-describedby={helpId}
        >
          <option value="">{t('activity.unset')}</option>
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`activity.levels.${level}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" id={helpId}>
        {shown ? t(`activity.help.${shown}`) : t('activity.helpAll')}
      </p>
      <FieldError message={error} />
    </div>
  );
}
