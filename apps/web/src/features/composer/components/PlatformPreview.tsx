import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import type { CustomisablePlatform } from './caption-overrides';

/** What fills the phone screen: the local file being uploaded, the video's poster frame, or nothing yet. */
export type PreviewMedia = { kind: 'video'; src: string } | { kind: 'image'; src: string } | { kind: 'none' };

export interface PreviewAccount {
  handle: string;
  displayName: string | null;
  avatarUrl: string | null;
}

interface PlatformPreviewProps {
  platform: CustomisablePlatform;
  account: PreviewAccount;
  /** The caption this platform will post. */
  caption: string;
  media: PreviewMedia;
}

/** Reels show the caption's start on one line, then "… more". */
export const REELS_CAPTION_CHARS = 60;

/** The part of the caption Reels show before "… more", cut at a word when it can be. */
export function reelsCaptionStart(caption: string, max: number = REELS_CAPTION_CHARS): { text: string; truncated: boolean } {
  const text = caption.trim();
  const firstLine = text.split('\n')[0] ?? '';
  const characters = [...firstLine];
  if (characters.length <= max) return { text: firstLine, truncated: firstLine.length < text.length };
  const cut = characters.slice(0, max).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return { text: (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd(), truncated: true };
}

/** Hashtags and @mentions stand out, as the apps show them. */
function RichCaption({ text }: { text: string }) {
  const parts = text.split(/((?:^|(?<=\s))[#@][\p{L}\p{N}_.]+)/u);
  return (
    <>
      {parts.map((part, index) =>
        /^[#@][\p{L}\p{N}_.]+$/u.test(part) ? (
          <strong key={index} className="phone-tag">
            {part}
          </strong>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Glyph({ children }: { children: ReactNode }) {
  return (
    <svg
      className="phone-glyph"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
    >
      {children}
    </svg>
  );
}

const HEART = <path d="M12 20s-7-4.4-9.2-8.6C1.2 8.2 3 4.5 6.6 4.5c2.1 0 3.5 1.2 4.4 2.6.9-1.4 2.3-2.6 4.4-2.6 3.6 0 5.4 3.7 3.8 6.9C19 15.6 12 20 12 20z" />;
const COMMENT = <path d="M20 12a8 8 0 0 1-11.6 7.1L4 20l1-4.2A8 8 0 1 1 20 12z" />;
const BOOKMARK = <path d="M6 3.5h12v17l-6-4.5-6 4.5z" />;
const SHARE = <path d="M14 5l7 6.5-7 6.5v-4c-5 0-8.5 1.5-11 5 1-5.5 4-10 11-10.5z" />;
const SEND = <path d="M21 3L10 14M21 3l-7 18-4-7-7-4z" />;
const MORE = <path d="M5 12h.01M12 12h.01M19 12h.01" strokeWidth="3" />;
const CAMERA = (
  <>
    <rect x="3" y="6.5" width="18" height="13" rx="3" />
    <circle cx="12" cy="13" r="3.5" />
    <path d="M8.5 6.5L10 4h4l1.5 2.5" />
  </>
);
const NOTE = <path d="M9 18V5l11-2v13M9 18a3 3 0 1 1-3-3 3 3 0 0 1 3 3zm11-2a3 3 0 1 1-3-3 3 3 0 0 1 3 3z" />;

function Avatar({ account, className }: { account: PreviewAccount; className: string }) {
  return account.avatarUrl ? (
    <img className={className} src={account.avatarUrl} alt="" width={40} height={40} />
  ) : (
    <span className={`${className} phone-avatar--initial`}>{(account.displayName ?? account.handle).charAt(0).toUpperCase()}</span>
  );
}

function Backdrop({ media }: { media: PreviewMedia }) {
  if (media.kind === 'video') {
    // The first frame of the local file, silent and still: the preview is a picture, not a player.
    return <video className="phone-media" src={`${media.src}#t=0.1`} muted playsInline preload="metadata" tabIndex={-1} />;
  }
  if (media.kind === 'image') return <img className="phone-media" src={media.src} alt="" />;
  return <span className="phone-media phone-media--empty" />;
}

function TikTokScreen({ account, caption }: { account: PreviewAccount; caption: string }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="phone-top phone-top--tiktok">
        <span>{t('composer.preview.tiktok.following')}</span>
        <span className="phone-top-active">{t('composer.preview.tiktok.forYou')}</span>
      </div>
      <div className="phone-rail">
        <Avatar account={account} className="phone-avatar" />
        <Glyph>{HEART}</Glyph>
        <Glyph>{COMMENT}</Glyph>
        <Glyph>{BOOKMARK}</Glyph>
        <Glyph>{SHARE}</Glyph>
        <span className="phone-disc" />
      </div>
      <div className="phone-bottom">
        <p className="phone-handle">@{account.handle}</p>
        {caption ? (
          <p className="phone-caption phone-caption--clamped">
            <RichCaption text={caption} />
          </p>
        ) : null}
        <p className="phone-audio">
          <Glyph>{NOTE}</Glyph>
          <span>{t('composer.preview.tiktok.sound', { handle: account.handle })}</span>
        </p>
      </div>
    </>
  );
}

function InstagramScreen({ account, caption }: { account: PreviewAccount; caption: string }) {
  const { t } = useTranslation();
  const start = reelsCaptionStart(caption);
  return (
    <>
      <div className="phone-top phone-top--instagram">
        <span className="phone-top-title">{t('composer.preview.instagram.reels')}</span>
        <Glyph>{CAMERA}</Glyph>
      </div>
      <div className="phone-rail">
        <Glyph>{HEART}</Glyph>
        <Glyph>{COMMENT}</Glyph>
        <Glyph>{SEND}</Glyph>
        <Glyph>{MORE}</Glyph>
        <Avatar account={account} className="phone-avatar phone-avatar--square" />
      </div>
      <div className="phone-bottom">
        <p className="phone-author">
          <Avatar account={account} className="phone-avatar phone-avatar--small" />
          <span className="phone-handle">{account.handle}</span>
          <span className="phone-follow">{t('composer.preview.instagram.follow')}</span>
        </p>
        {start.text || start.truncated ? (
          <p className="phone-caption">
            <RichCaption text={start.text} />
            {start.truncated ? <span className="phone-more">{t('composer.preview.instagram.more')}</span> : null}
          </p>
        ) : null}
        <p className="phone-audio">
          <Glyph>{NOTE}</Glyph>
          <span>{t('composer.preview.instagram.audio', { handle: account.handle })}</span>
        </p>
      </div>
    </>
  );
}

/** Shorts show the title (by default the caption's first line) over the channel's name. */
function YouTubeScreen({ account, caption }: { account: PreviewAccount; caption: string }) {
  const { t } = useTranslation();
  const start = reelsCaptionStart(caption, 100);
  return (
    <>
      <div className="phone-top phone-top--youtube">
        <span className="phone-top-title">{t('youtube.preview.shorts')}</span>
      </div>
      <div className="phone-rail">
        <Glyph>{HEART}</Glyph>
        <Glyph>{COMMENT}</Glyph>
        <Glyph>{SHARE}</Glyph>
        <Glyph>{MORE}</Glyph>
      </div>
      <div className="phone-bottom">
        <p className="phone-author">
          <Avatar account={account} className="phone-avatar phone-avatar--small" />
          <span className="phone-handle">@{account.handle}</span>
          <span className="phone-follow">{t('youtube.preview.subscribe')}</span>
        </p>
        {start.text ? (
          <p className="phone-caption">
            <RichCaption text={start.text} />
          </p>
        ) : null}
      </div>
    </>
  );
}

/** An X video post in the For you timeline: the author, then the whole text (up to 280 weighted characters). */
function XScreen({ account, caption }: { account: PreviewAccount; caption: string }) {
  const { t } = useTranslation();
  const text = caption.trim();
  return (
    <>
      <div className="phone-top phone-top--x">
        <span className="phone-top-active">{t('x.preview.forYou')}</span>
        <span>{t('x.preview.following')}</span>
      </div>
      <div className="phone-rail">
        <Glyph>{COMMENT}</Glyph>
        <Glyph>{SHARE}</Glyph>
        <Glyph>{HEART}</Glyph>
        <Glyph>{BOOKMARK}</Glyph>
      </div>
      <div className="phone-bottom">
        <p className="phone-author">
          <Avatar account={account} className="phone-avatar phone-avatar--small" />
          <span className="phone-handle">{account.displayName ?? account.handle}</span>
          <span className="muted">@{account.handle}</span>
        </p>
        {text ? (
          <p className="phone-caption phone-caption--x">
            <RichCaption text={text} />
          </p>
        ) : null}
      </div>
    </>
  );
}

/**
 * A phone-sized (9:16) look at the post in the platform's own frame, drawn in CSS. It is
 * decorative: assistive technology gets one sentence with the account and the caption instead.
 */
/** Each platform's own frame (one line per platform the composer customises). */
const SCREENS: Record<CustomisablePlatform, (props: { account: PreviewAccount; caption: string }) => ReactNode> = {
  tiktok: TikTokScreen,
  instagram: InstagramScreen,
  youtube: YouTubeScreen,
  x: XScreen,
};

export function PlatformPreview({ platform, account, caption, media }: PlatformPreviewProps) {
  const { t } = useTranslation();
  const captionId = useId();
  const label = PLATFORM_LABELS[platform];
  const Screen = SCREENS[platform];
  return (
    <figure className={`phone-preview phone-preview--${platform}`} aria-labelledby={captionId}>
      <div className="phone-frame" aria-hidden="true">
        <div className="phone-screen">
          <Backdrop media={media} />
          <div className="phone-shade" />
          <Screen account={account} caption={caption} />
        </div>
      </div>
      <figcaption className="phone-preview-label" id={captionId}>
        <span className={`platform-badge platform-badge--${platform}`}>{label}</span>
        <span className="visually-hidden">
          {caption
            ? t('composer.preview.alt', { platform: label, handle: account.handle, caption })
            : t('composer.preview.altNoCaption', { platform: label, handle: account.handle })}
        </span>
      </figcaption>
    </figure>
  );
}
