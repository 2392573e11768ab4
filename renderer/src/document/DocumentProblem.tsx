import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/result';
import { describeError } from '../i18n';

/** Shown instead of the chain when the file could not be opened: plain words, the file untouched. */
export function DocumentProblem({ problem }: { problem: ApiError }) {
  // A document the app had to close was opened; any other problem kept it from opening.
  const { t } = useTranslation();
  return (
    <section className="document-problem" role="alert" aria-labelledby="problem-title">
      <h1 id="problem-title">{t(problem.code === 'unresponsive' ? 'errors.titleClosed' : 'errors.title')}</h1>
      <p className="problem-message">{describeError(t, problem)}</p>
      {problem.detail ? (
        <details>
          <summary>{t('errors.detail')}</summary>
          <code>{problem.detail}</code>
        </details>
      ) : null}
    </section>
  );
}
