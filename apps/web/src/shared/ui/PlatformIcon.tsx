import { PLATFORM_LABELS, type Platform } from '../content/accounts';
import { InstagramIcon, TikTokIcon, XIcon, YouTubeIcon } from './icons';

const ICONS = { tiktok: TikTokIcon, instagram: InstagramIcon, youtube: YouTubeIcon, x: XIcon } as const;

/** A platform's glyph in its brand colour, with its name for assistive technology. */
export function PlatformIcon({ platform, size = 14 }: { platform: Platform; size?: number }) {
  const Glyph = ICONS[platform];
  return (
    <span className={`platform-icon platform-icon--${platform}`}>
      <Glyph width={size} height={size} />
      <span className="visually-hidden">{PLATFORM_LABELS[platform]}</span>
    </span>
  );
}
