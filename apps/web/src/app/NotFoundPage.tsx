import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../shared/ui/EmptyState';
import { CompassIcon } from '../shared/ui/icons';
import { Page } from '../shared/ui/Page';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <EmptyState
        icon={<CompassIcon />}
        title={t('notFound.heading')}
        action={
          <Link to="/" className="button button--primary">
            {t('notFound.back')}
          </Link>
        }
      >
        {t('notFound.body')}
      </EmptyState>
    </Page>
  );
}
