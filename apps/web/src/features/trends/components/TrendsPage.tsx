import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { TrendIcon } from '../../../shared/ui/icons';
import { useTranslation } from 'react-i18next';

export function TrendsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.trends')} description={t('placeholders.trends.description')}>
      <EmptyState icon={<TrendIcon />} title={t('placeholders.trends.emptyTitle')}>
        {t('placeholders.trends.emptyBody')}
      </EmptyState>
    </Page>
  );
}
