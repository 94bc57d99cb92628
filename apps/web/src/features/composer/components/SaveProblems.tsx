import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import type { QualityFinding } from '../api/assets';
import { Findings } from './AssetFindings';

interface SaveProblemsProps {
  error: unknown;
  /** The quality gate refused the save: its findings. */
  gateFindings: QualityFinding[] | null;
  /** The item changed elsewhere (412 STALE_VERSION). */
  stale: boolean;
  onReload?: () => void;
  reloading: boolean;
  hasFieldErrors: boolean;
  /** Field errors no section shows. */
  otherErrors: [string, string[] | undefined][];
  /** What blocks the save, once the user tried. */
  blockers: readonly string[];
  /** The workspace's zone: times in error messages are shown there. */
  timeZone?: string;
}

/** Why the post was not saved, or cannot be yet. */
export function SaveProblems({ error, gateFindings, stale, onReload, reloading, hasFieldErrors, otherErrors, blockers, timeZone }: SaveProblemsProps) {
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
      {error && !stale && !gateFindings && !hasFieldErrors ? (
        <ErrorNotice title={t('composer.saveFailed')}>{describeError(error, { timeZone })}</ErrorNotice>
      ) : null}
      {error && (gateFindings || hasFieldErrors) ? (
        <ErrorNotice title={t('composer.saveFailed')}>
          {/* The fields show their own messages (worded for people, the field named in them); here only those no section shows. */}
          {gateFindings ? describeError(error, { timeZone }) : t('common.checkFields')}
          {otherErrors.length > 0 ? (
            <ul>
              {otherErrors.map(([field, messages]) => (
                <li key={field}>{messages?.join(' ')}</li>
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
