import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ErrorNoticeProps {
  title: string;
  children?: ReactNode;
  onRetry?: () => void;
  /** Disables the retry button while a retry is in flight. */
  retrying?: boolean;
}

export function ErrorNotice({ title, children, onRetry, retrying = false }: ErrorNoticeProps) {
  const { t } = useTranslation();
  return (
    <div className="error-notice" role="alert">
      <div>
        <p className="error-notice-title">{title}</p>
        {children ? <div className="error-notice-text">{children}</div> : null}
      </div>
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry} disabled={retrying}>
          {retrying ? t('common.retrying') : t('common.tryAgain')}
        </button>
      ) : null}
    </div>
  );
}
