import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { warningMessage } from '../../../shared/api/errors';
import type { ContentItemResult } from '../../../shared/content/content-items';
import { currentLocale } from '../../../shared/i18n/i18n';
import { extensionOf } from './panel-extensions';

/** The saved post: what happened, its warnings, and where to go next. */
export function ComposerResult({ result, timeZone, onAnother }: { result: ContentItemResult; timeZone: string; onAnother: () => void }) {
  const { t } = useTranslation();
  // Lines the platforms' panel extensions add once a post is scheduled (TikTok: it may take minutes).
  const notes = [...new Set(result.targets.flatMap((target) => extensionOf(target.platform)?.scheduledNoteKey ?? []))];
  return (
    <div className="banner banner--ok composer-result" role="status">
      <div>
        <p className="banner-title">
          {result.status === 'draft'
            ? t('composer.savedDraft')
            : result.status !== 'scheduled'
              ? t('composer.savedChanges')
              : t('composer.scheduledAt', {
                  when: result.scheduledAt
                    ? new Date(result.scheduledAt).toLocaleString(currentLocale(), { timeZone, dateStyle: 'medium', timeStyle: 'short' })
                    : '',
                })}
        </p>
        {result.status === 'scheduled'
          ? notes.map((note) => (
              <p key={note} className="banner-text">
                {t(note)}
              </p>
            ))
          : null}
        {result.warnings.length > 0 ? (
          <ul className="warnings">
            {result.warnings.map((warning) => (
              <li key={warning.code + warning.message}>
                <strong>{t('composer.warning')}</strong> {warningMessage(warning, t, { timeZone })}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="form-actions">
          <Link to="/posts/$id" params={{ id: result.id }} className="button button--primary button--small">
            {t('composer.openPost')}
          </Link>
          <Link to="/" className="button button--secondary button--small">
            {t('composer.toQueue')}
          </Link>
          <button type="button" className="button button--ghost button--small" onClick={onAnother}>
            {t('composer.another')}
          </button>
        </p>
      </div>
    </div>
  );
}
