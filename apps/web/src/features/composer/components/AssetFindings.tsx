import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatBytes, formatDuration, formatNumber } from '../../../shared/i18n/format';
import { currentLocale } from '../../../shared/i18n/i18n';
import type { Asset, CheckedPlatform, QualityFinding } from '../api/assets';

/** The chosen video in one line: name, size, status, and what the probe found. */
export function AssetSummary({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const probe = asset.probe;
  return (
    <p className="asset-summary">
      <strong>{asset.filename}</strong> · {formatBytes(asset.bytes)} · {t(`composer.assetStatus.${asset.status}`)}
      {probe
        ? ` · ${formatDuration(probe.durationMs)} · ${probe.width}×${probe.height}${probe.fps ? ` · ${formatNumber(probe.fps, { maximumFractionDigits: 2 })} fps` : ''} · ${probe.videoCodec}`
        : ''}
      {asset.error ? <span className="form-errors"> {asset.error}</span> : null}
    </p>
  );
}

/** The quality gate's findings, per platform. */
export function Findings({ findings, platforms }: { findings: QualityFinding[]; platforms: readonly CheckedPlatform[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <div className="findings" aria-label={t('composer.qualityGate')} role="region">
      {platforms.map((platform) => {
        const own = findings.filter((finding) => finding.platform === platform);
        return (
          <div key={platform} className="findings-platform">
            {/* h2: the composer's sections are fieldsets under the page's h1, so an h3 here skipped a level (axe heading-order). */}
            <h2 className="findings-title">
              <span className={`platform-badge platform-badge--${platform}`}>{PLATFORM_LABELS[platform]}</span>{' '}
              {own.length === 0 ? t('composer.noFindings') : null}
            </h2>
            {own.length > 0 ? (
              <ul>
                {own.map((finding) => (
                  <li key={`${finding.code}-${finding.platform}`} className={`finding finding--${finding.severity}`}>
                    <strong>{t(`composer.severity.${finding.severity}`)}</strong> {finding.message[locale]}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
