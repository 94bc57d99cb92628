import { useTranslation } from 'react-i18next';

/** YouTube treats a vertical or square video of up to 3 minutes as a Short (docs/youtube-contract.md). */
const SHORT_MAX_MS = 180_000;

/**
 * What the YouTube panel says beyond its fields: the title's rule, that custom thumbnails are
 * ignored on Shorts, and that a longer video becomes a regular video.
 */
export function YouTubeSection({ videoDurationMs }: { videoDurationMs: number | null }) {
  const { t } = useTranslation();
  return (
    <div className="youtube-notes">
      <p className="muted">{t('youtube.composer.titleHint')}</p>
      <p className="muted">{t('youtube.composer.thumbnailIgnored')}</p>
      {videoDurationMs !== null && videoDurationMs > SHORT_MAX_MS ? (
        <p className="field-warning" role="status">
          {t('youtube.composer.notShort')}
        </p>
      ) : null}
    </div>
  );
}
