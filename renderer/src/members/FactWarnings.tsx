import { useTranslation } from 'react-i18next';
import type { FactWarning } from '../../../shared/checks/warnings';
import { useApiQuery } from '../api/queries';

/** The chain's facts that contradict each other but were kept (shared/checks/warnings.ts). */
function useWarnings(chainId: string): FactWarning[] {
  const answer = useApiQuery('checks.list', { chainId });
  return answer.data?.ok ? answer.data.value : [];
}

export function useWarningText() {
  const { t } = useTranslation();
  return (warning: FactWarning) => t(`checks.kinds.${warning.kind}`, { name: warning.placeName, ...warning.params });
}

/** The selected member's warnings, in its details. */
export function MemberWarnings({ chainId, membershipId }: { chainId: string; membershipId: string }) {
  const text = useWarningText();
  const warnings = useWarnings(chainId).filter((warning) => warning.membershipId === membershipId);
  if (warnings.length === 0) return null;
  return (
    <ul className="fact-warnings">
      {warnings.map((warning) => (
        <li key={warning.kind} className="fact-warning">
          {text(warning)}
        </li>
      ))}
    </ul>
  );
}

/** "Att granska": every warning of the chain with the member's name; a click selects the member. */
export function ToCheck({ chainId, onSelect }: { chainId: string; onSelect(membershipId: string): void }) {
  const { t } = useTranslation();
  const text = useWarningText();
  const warnings = useWarnings(chainId);
  return (
    <section className="to-check" aria-label={t('checks.title')}>
      <h3>
        {t('checks.title')} ({warnings.length})
      </h3>
      {warnings.length === 0 ? (
        <p className="not-reported">{t('checks.none')}</p>
      ) : (
        <ul className="fact-warnings">
          {warnings.map((warning) => (
            <li key={`${warning.membershipId} ${warning.kind}`} className="fact-warning">
              <button type="button" className="link-button" onClick={() => onSelect(warning.membershipId)}>
                {text(warning)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
