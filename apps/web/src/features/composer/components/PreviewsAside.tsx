import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { SocialAccount } from '../../../shared/content/accounts';
import { CUSTOMISABLE_PLATFORMS, effectiveCaption, type CaptionOverrides } from './caption-overrides';
import { PlatformPreview, type PreviewMedia } from './PlatformPreview';

interface PreviewsAsideProps {
  targets: readonly SocialAccount[];
  caption: string;
  overrides: CaptionOverrides;
  media: PreviewMedia;
}

/** How the post may look on each chosen platform that has a preview frame (its first account). */
export function PreviewsAside({ targets, caption, overrides, media }: PreviewsAsideProps) {
  const { t } = useTranslation();
  const id = useId();
  const previewed = CUSTOMISABLE_PLATFORMS.filter((platform) => targets.some((target) => target.platform === platform));
  return (
    // Scrolls on its own on wide screens: focusable so the keyboard can scroll it too.
    <aside className="composer-previews" aria-labelledby={`${id}-previews`} tabIndex={0}>
      <h2 className="composer-previews-title" id={`${id}-previews`}>
        {t('composer.preview.title')}
      </h2>
      {previewed.length === 0 ? <p className="muted">{t('composer.preview.empty')}</p> : null}
      <div className="composer-previews-list">
        {previewed.map((platform) => {
          const account = targets.find((target) => target.platform === platform);
          return account ? (
            <PlatformPreview key={platform} platform={platform} account={account} caption={effectiveCaption(caption, overrides, platform)} media={media} />
          ) : null;
        })}
      </div>
    </aside>
  );
}
