import { useTranslation } from 'react-i18next';

/** What the X panel says beyond its fields: how X counts the text, and that a link costs more on its pay-per-use plan. */
export function XSection() {
  const { t } = useTranslation();
  return (
    <div className="x-notes">
      <p className="muted">{t('x.composer.weighted')}</p>
      <p className="muted">{t('x.composer.linkCost')}</p>
    </div>
  );
}
