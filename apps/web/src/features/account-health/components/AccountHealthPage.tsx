import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { PulseIcon } from '../../../shared/ui/icons';
import { useTranslation } from 'react-i18next';

export function AccountHealthPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.accountHealth')} description={t('placeholders.accountHealth.description')}>
      <EmptyState
        icon={<PulseIcon />}
        title={t('placeholders.accountHealth.emptyTitle')}
        action={
          <Link to="/accounts" className="button button--secondary">
            {t('common.connectAnAccount')}
          </Link>
        }
      >
        {t('placeholders.accountHealth.emptyBody')}
      </EmptyState>
    </Page>
  );
}
