import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import type { Asset, AssetChecks } from '../api/assets';
import { AssetSummary, Findings } from './AssetFindings';
import { VideoSection } from './VideoSection';

interface MediaSectionProps {
  workspaceId: string;
  assetId: string | null;
  asset: Asset | undefined;
  onAsset: (id: string | null) => void;
  onLocalFile: (file: File | null) => void;
  /** The quality gate for the chosen platforms, once a platform is chosen. */
  checks: { data?: AssetChecks; isError: boolean; error: unknown };
  checking: boolean;
  errors?: readonly string[];
}

/** The video: upload or pick, its summary, and the quality gate's findings for the chosen platforms. */
export function MediaSection({ workspaceId, assetId, asset, onAsset, onLocalFile, checks, checking, errors }: MediaSectionProps) {
  const { t } = useTranslation();
  return (
    <>
      <VideoSection workspaceId={workspaceId} assetId={assetId} current={asset} onAsset={onAsset} onLocalFile={onLocalFile} />
      {asset ? <AssetSummary asset={asset} /> : null}
      {errors ? <p className="form-errors">{errors.join(' ')}</p> : null}
      {checking ? (
        checks.data ? (
          <Findings findings={checks.data.findings} platforms={checks.data.platforms} />
        ) : checks.isError ? (
          <p className="form-errors">{describeError(checks.error)}</p>
        ) : (
          <p className="muted">{t('composer.checking')}</p>
        )
      ) : null}
    </>
  );
}
