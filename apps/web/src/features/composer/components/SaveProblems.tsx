import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import type { QualityFinding } from '../api/assets';
import { Findings } from './AssetFindings';

interface SaveProblemsProps {
  error: unknown;
  /** The quality gate refused the save: its findings. */
  gateFindings: QualityFinding[] | null;
  /** The item changed elsewhere (409). */
  stale: boolean;
  onReload?: () => void;
  reloading: boolean;
  hasFieldErrors: boolean;
  /** Field errors no section shows. */
  otherErrors: [string, string[] | undefined][];
  /** What blocks the save, once the user tried. */
  blockers: readonly string[];
}

/** Why the post was not saved, or cannot be yet. */
export function SaveProblems({ error, gateFindings, stale, onReload, reloading, hasFieldErrors, otherErrors, blockers }: SaveProblemsProps) {
  const { t } = useTranslation();
  return (
    <>
      {gateFindings ? <Findings findings={gateFindings} platforms={[...new Set(gateFindings.map((finding) => finding.platform))]} /> : null}
      {stale ? (
        <ErrorNotice title={t('composer.stale.title')}>
          <p>{t('composer.stale.text')}</p>
          {onReload ? (
            <button type="button" className="button button--secondary button--small" onClick={onReload} disabled={reloading}>
              {reloading ? t('common.loading') : t('composer.stale.reload')}
            </button>
          ) : null}
        </ErrorNotice>
      ) : null}
      {error && !stale && !gateFindings && !hasFieldErrors ? <ErrorNotice title={t('composer.saveFailed')}>{describeError(error)}</ErrorNotice> : null}
      {error && (gateFindings || hasFieldErrors) ? (
        <ErrorNotice title={t('composer.saveFailed')}>
          {describeError(error)}
          {otherErrors.length > 0 ? (
            <ul>
              {otherErrors.map(([field, messages]) => (
                <li key={field}>
                  <span className="mono">{field}</span>: {messages?.join(' ')}
                </li>
              ))}
            </ul>
          ) : null}
        </ErrorNotice>
      ) : null}
      {blockers.length > 0 ? (
        <ul className="form-errors" role="alert">
          {blockers.map((blocker) => (
            <li key={blocker}>{blocker}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
