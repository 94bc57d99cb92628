import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { BotIcon } from '../../../shared/ui/icons';
import { useTranslation } from 'react-i18next';

export function BotControlPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.botControl')} description={t('placeholders.botControl.description')}>
      <EmptyState icon={<BotIcon />} title={t('placeholders.botControl.emptyTitle')}>
        {t('placeholders.botControl.emptyBody')}
      </EmptyState>
    </Page>
  );
}
